import Glibc

/// Adds up the monotonic time spent in decoding, for `SamplingStats.decodeNanoseconds`.
struct DecodeClock {
    private var started: UInt64 = 0

    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }

    mutating func start() { started = Self.now() }

    func stop(into stats: inout SamplingStats) { stats.decodeNanoseconds &+= Self.now() &- started }
}
