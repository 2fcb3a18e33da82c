import Foundation

/// Monotonic time, for deadlines and heartbeats (never the wall clock).
public enum MonotonicClock {
    public static func nowMs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    public static func nowNs() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Nanoseconds as a signed number, the unit the broker core and worker runtime compute in.
    @Sendable public static func nowNsSigned() -> Int64 { Int64(nowNs()) }
}
