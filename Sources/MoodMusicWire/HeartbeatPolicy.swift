/// How often both sides of the worker protocol send HEARTBEAT, and how many intervals of silence
/// mean the peer is gone. Defaults: 1 s × 3.
public struct HeartbeatPolicy: Sendable, Equatable {
    public var intervalMs: Int
    public var liveness: Int

    public init(intervalMs: Int = 1000, liveness: Int = 3) {
        precondition(intervalMs > 0 && liveness > 0)
        self.intervalMs = intervalMs
        self.liveness = liveness
    }

    /// Silence longer than this means the peer is dead.
    public var expiryMs: Int { intervalMs * liveness }
}
