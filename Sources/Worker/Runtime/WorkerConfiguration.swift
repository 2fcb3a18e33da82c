import Shared

struct WorkerConfiguration: Sendable {
    /// The gateway's backend endpoint.
    var gateway = "tcp://127.0.0.1:5556"
    /// Requests run at once (job threads).
    var concurrency = 1
    /// Requests the worker may hold queued beyond those running, so that the next one is
    /// already here when a thread frees up. The gateway never sends more than
    /// `concurrency + prefetch` at a time.
    var prefetch = 0

    /// The capacity announced in READY.
    var capacity: Int { concurrency + prefetch }
    var name = ""
    var heartbeat = HeartbeatPolicy()
    /// Reconnect back-off: first wait, doubled after each failure up to the maximum.
    var reconnectInitialMs = 1000
    var reconnectMaxMs = 32_000
    /// After SIGTERM, how long in-flight work may take before the worker leaves anyway.
    var drainTimeoutMs = 30_000
}
