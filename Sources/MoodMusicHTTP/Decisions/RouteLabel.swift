/// The `route` label of the bridge's metrics: one of the known paths, else "other", so that
/// requests for random paths cannot grow the metrics without bound.
public enum RouteLabel {
    static let known: Set<String> = [
        "/v1/emotions:detect", "/v1/recommendations", "/v1/recommendations:forImage", "/v1/health", "/metrics", "/openapi.yaml", "/",
    ]

    public static func forPath(_ path: String) -> String { known.contains(path) ? path : "other" }
}
