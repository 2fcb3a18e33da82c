import Shared

/// Everything the broker needs to know; filled from flags and environment by `GatewayCommand`.
struct GatewayConfiguration: Sendable {
    /// Where clients connect (ROUTER).
    var frontend = "tcp://*:5555"
    /// Where workers connect (ROUTER).
    var backend = "tcp://*:5556"
    var heartbeat = HeartbeatPolicy()
    /// Requests waiting per service before new ones get RESOURCE_EXHAUSTED.
    var maxQueuePerService = 4096
    /// Deadline for requests that set none.
    var defaultTimeoutMs = 30_000
    /// Largest request payload accepted; larger gets RESOURCE_EXHAUSTED.
    var maxRequestBytes = 64 << 20
    /// Prometheus endpoint port; 0 turns it off.
    var metricsPort = 0
}
