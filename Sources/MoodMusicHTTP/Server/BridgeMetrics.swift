import Prometheus

/// The bridge's own metrics, served on `GET /metrics` in the Prometheus text format.
public final class BridgeMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    public init() {}

    /// One finished HTTP request: which route, the status code name, and how long it took.
    public func record(route: String, code: String, seconds: Double) {
        registry.makeCounter(name: "moodmusic_http_requests_total", labels: [("route", route), ("code", code)],
                             help: "HTTP requests answered by the bridge, by route and status code name").increment()
        registry.makeValueHistogram(name: "moodmusic_http_request_duration_seconds", labels: [("route", route)], buckets: Self.buckets,
                                    help: "Time from request to response in the bridge, by route").record(seconds)
    }

    public func render() -> [UInt8] { registry.emitToBuffer() }
}
