import MoodMusicTransport
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
    /// Largest video a client-streaming upload may assemble (AnalyzeVideo, RecommendForVideo).
    public var maxVideoBytes = 64 << 20
    /// Uploads open at once; a new one beyond it gets RESOURCE_EXHAUSTED.
    public var maxOpenUploads = 256
    /// Live sessions open at once, and the longest idle timeout a session may ask for.
    public var maxLiveSessions = 256
    public var maxLiveIdleTimeoutMs = 600_000
    /// After SIGTERM: how long queued and running calls may take before they are answered UNAVAILABLE.
    public var drainTimeoutMs = 10_000
    /// CurveZMQ on both sockets, or nil for none (local development).
    public var security: GatewaySecurity?
    /// Where spans go; by default nowhere (the traceparent is still passed on).
    public var spans: any SpanSink = DiscardedSpans.shared
}

/// The gateway's key pair and who may connect: clients and workers each from an allow-list.
public struct GatewaySecurity: Sendable {
    public var keys: CurveKeyPair
    public var clientKeys: Set<String>
    public var workerKeys: Set<String>

    public init(keys: CurveKeyPair, clientKeys: Set<String>, workerKeys: Set<String>) {
        self.keys = keys
        self.clientKeys = clientKeys
        self.workerKeys = workerKeys
    }

    /// ZAP domains: the frontend checks client keys, the backend worker keys.
    public static let clientDomain = "clients"
    public static let workerDomain = "workers"

    public var policy: ZAPPolicy { ZAPPolicy(allowed: [Self.clientDomain: clientKeys, Self.workerDomain: workerKeys]) }
}
