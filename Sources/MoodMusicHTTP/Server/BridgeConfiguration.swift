import MoodMusicWire

/// Everything the HTTP bridge is told at start-up.
public struct BridgeConfiguration: Sendable {
    /// The ZeroMQ gateway's client endpoint, e.g. tcp://127.0.0.1:5555.
    public var gateway: String
    public var host: String
    public var port: Int
    /// The folder with index.html, the page's scripts and openapi.yaml.
    public var webRoot: String
    /// Larger request bodies are refused with RESOURCE_EXHAUSTED before they are read in full.
    public var maximumBodyBytes: Int
    public var deadline: CallDeadline
    /// Gateway calls that may run at once, and how many more may wait for one.
    public var connections: Int
    public var maximumWaiting: Int
    /// A connection that sends nothing for this long is closed (slow or stuck uploads).
    public var idleTimeoutSeconds: Int64
    /// Where the bridge's spans go; by default nowhere (the traceparent is still passed on).
    public var spans: any SpanSink = DiscardedSpans.shared

    public init(gateway: String, host: String = "127.0.0.1", port: Int = 8080, webRoot: String = "web",
                maximumBodyBytes: Int = 16 << 20, deadline: CallDeadline = CallDeadline(), connections: Int = 8,
                maximumWaiting: Int = 256, idleTimeoutSeconds: Int64 = 30) {
        self.gateway = gateway
        self.host = host
        self.port = port
        self.webRoot = webRoot
        self.maximumBodyBytes = maximumBodyBytes
        self.deadline = deadline
        self.connections = connections
        self.maximumWaiting = maximumWaiting
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }

    /// Splits `HOST:PORT` (the `--listen` flag); nil when malformed.
    public static func parseListen(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }
}
