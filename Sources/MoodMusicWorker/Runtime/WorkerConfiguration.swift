import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire

public struct WorkerConfiguration: Sendable {
    public init() {}

    /// The gateway's backend endpoint.
    public var gateway = "tcp://127.0.0.1:5556"
    /// Requests run at once (job threads).
    public var concurrency = 1
    /// Requests the worker may hold queued beyond those running, so that the next one is
    /// already here when a thread frees up. The gateway never sends more than
    /// `concurrency + prefetch` at a time.
    public var prefetch = 0

    /// The capacity announced in READY.
    public var capacity: Int { concurrency + prefetch }
    public var name = ""
    /// CurveZMQ towards the gateway, or `.none`.
    public var security: SocketSecurity = .none
    public var heartbeat = HeartbeatPolicy()
    /// Reconnect back-off: first wait, doubled after each failure up to the maximum.
    public var reconnectInitialMs = 1000
    public var reconnectMaxMs = 32_000
    /// After SIGTERM, how long in-flight work may take before the worker leaves anyway.
    public var drainTimeoutMs = 30_000
    /// Where spans go; by default nowhere.
    public var spans: any SpanSink = DiscardedSpans.shared
}
