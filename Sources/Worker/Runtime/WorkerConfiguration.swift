import Shared

struct WorkerConfiguration: Sendable {
    /// The gateway's backend endpoint.
    var gateway = "tcp://127.0.0.1:5556"
    /// Requests run at once; the gateway never sends more.
    var concurrency = 1
    var name = ""
    var heartbeat = HeartbeatPolicy()
    /// Reconnect back-off: first wait, doubled after each failure up to the maximum.
    var reconnectInitialMs = 1000
    var reconnectMaxMs = 32_000
    /// After SIGTERM, how long in-flight work may take before the worker leaves anyway.
    var drainTimeoutMs = 30_000
}
