import Foundation

/// Every client connection costs the gateway a file descriptor; the default soft limit (often
/// 1024) is far below what the hard limit allows.
public enum FileDescriptorLimit {
    /// Raises the soft RLIMIT_NOFILE to the hard limit. Returns (soft, hard) after the change.
    @discardableResult
    public static func raiseSoftToHard() -> (soft: UInt64, hard: UInt64) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return (0, 0) }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return (UInt64(limit.rlim_cur), UInt64(limit.rlim_max))
    }

    /// The current (soft, hard) RLIMIT_NOFILE.
    public static func current() -> (soft: UInt64, hard: UInt64) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return (0, 0) }
        return (UInt64(limit.rlim_cur), UInt64(limit.rlim_max))
    }
}
