import Foundation

/// How long the handler fuzzer runs. The short default keeps `swift test` to seconds; the long
/// variant is `MOODMUSIC_HANDLER_FUZZ_ITERATIONS=20000 swift test --filter HandlerFuzz` (and
/// `MOODMUSIC_HANDLER_FUZZ_SEED=N` to reproduce a run: every failure names its seed and case).
struct FuzzBudget {
    let iterations: Int
    let seed: UInt64

    static func fromEnvironment(defaultIterations: Int) -> FuzzBudget {
        let environment = ProcessInfo.processInfo.environment
        let iterations = environment["MOODMUSIC_HANDLER_FUZZ_ITERATIONS"].flatMap(Int.init) ?? defaultIterations
        let seed = environment["MOODMUSIC_HANDLER_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x6D6F_6F64
        return FuzzBudget(iterations: max(1, iterations), seed: seed)
    }

    /// The case's payload: the unchanged seeds first, then mutations of them.
    func payload(_ index: Int, seeds: [[UInt8]], mutator: ProtobufMutator, rng: inout SeededGenerator) -> [UInt8] {
        if index < seeds.count { return seeds[index] }
        return mutator.mutate(seeds[Int.random(in: 0..<seeds.count, using: &rng)], using: &rng)
    }
}
