import MoodMusicWire

/// Everything the gateway needs to know; filled from flags and environment by `gateway`.
public struct GatewayConfiguration: Sendable {
    public init() {}

    /// Where clients connect (ROUTER).
    public var frontend = "tcp://*:5555"
    /// Where workers connect (ROUTER).
    public var backend = "tcp://*:5556"
    public var heartbeat = HeartbeatPolicy()
    /// Calls waiting per service before new ones get RESOURCE_EXHAUSTED.
    public var maxQueuePerService = 4096
    /// Deadline for calls that set none.
    public var defaultTimeoutMs = 30_000
    /// Largest request payload accepted; larger gets RESOURCE_EXHAUSTED.
    public var maxRequestBytes = 64 << 20
    /// Payload bytes the gateway may hold (queued or running) for one service, and in all.
    /// Beyond either, new calls get RESOURCE_EXHAUSTED at once.
    public var maxHeldBytesPerService = 256 << 20
    public var maxHeldBytesTotal = 512 << 20
    /// After SIGTERM: how long queued and running calls may take before they are answered UNAVAILABLE.
    public var drainTimeoutMs = 10_000
}
