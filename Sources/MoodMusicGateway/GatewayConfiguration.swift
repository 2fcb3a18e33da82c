import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire

/// Everything the broker needs to know; filled from flags and environment by `GatewayCommand`.
public struct GatewayConfiguration: Sendable {
    public init() {}

    /// Where clients connect (ROUTER).
    public var frontend = "tcp://*:5555"
    /// Where workers connect (ROUTER).
    public var backend = "tcp://*:5556"
    public var heartbeat = HeartbeatPolicy()
    /// Requests waiting per service before new ones get RESOURCE_EXHAUSTED.
    public var maxQueuePerService = 4096
    /// Deadline for requests that set none.
    public var defaultTimeoutMs = 30_000
    /// Largest request payload accepted; larger gets RESOURCE_EXHAUSTED.
    public var maxRequestBytes = 64 << 20
    /// Prometheus endpoint port; 0 turns it off.
    public var metricsPort = 0
}
