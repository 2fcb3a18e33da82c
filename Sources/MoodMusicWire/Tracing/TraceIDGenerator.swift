import Synchronization

/// Random bits for trace and span ids: xoshiro256** seeded once from the system generator.
///
/// Ids need to be unpredictable enough not to collide, not secret; the system generator made a
/// getrandom system call for every id, about 6 % of the gateway's CPU per call in `scripts/bench-echo`.
public struct TraceIDGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// Seeded from the system generator.
    public init() {
        var system = SystemRandomNumberGenerator()
        self.init(seed: (system.next(), system.next(), system.next(), system.next()))
    }

    /// A fixed sequence, for tests. An all-zero seed would stay zero, so it is replaced.
    public init(seed: (UInt64, UInt64, UInt64, UInt64)) {
        state = seed == (0, 0, 0, 0) ? (0x9E37_79B9_7F4A_7C15, 1, 2, 3) : seed
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    private func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 { (value << count) | (value >> (64 - count)) }

    /// One generator for the process, behind a lock: any thread may start a span.
    static let shared = Mutex(TraceIDGenerator())
}
