/// Bounds that keep one client from holding the endpoint: every connection is closed after
/// `connectionSeconds` whatever it does (a slow-loris trickle included), or after `idleSeconds`
/// without a byte from it; at most `maxConnections` are open at once, and further ones are closed
/// on accept. One request per connection.
public struct MetricsServerLimits: Sendable, Equatable {
    public var connectionSeconds: Double
    public var idleSeconds: Double
    public var maxConnections: Int

    public init(connectionSeconds: Double = 5, idleSeconds: Double = 2, maxConnections: Int = 64) {
        self.connectionSeconds = connectionSeconds
        self.idleSeconds = idleSeconds
        self.maxConnections = maxConnections
    }
}
