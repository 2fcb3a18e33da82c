/// What `/healthz` says: serving (200) or not (503), with a one-word reason for people and probes.
public struct HealthState: Sendable, Equatable {
    public var isServing: Bool
    public var detail: String

    public init(isServing: Bool, detail: String) {
        self.isServing = isServing
        self.detail = detail
    }

    public static let serving = HealthState(isServing: true, detail: "serving")
}

/// One HTTP answer: status code, content type and body.
public struct MetricsHTTPResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
}

/// Decides the answer to one request, without I/O: `GET /metrics` (query ignored), `GET /healthz`,
/// 405 for another method on those paths, 404 for anything else.
public enum MetricsRoute {
    static let textPlain = "text/plain; charset=utf-8"
    static let exposition = "text/plain; version=0.0.4; charset=utf-8"

    public static func response(method: String, uri: String, health: () -> HealthState, metrics: () -> [UInt8]) -> MetricsHTTPResponse {
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? uri
        guard path == "/metrics" || path == "/healthz" else {
            return MetricsHTTPResponse(status: 404, contentType: textPlain, body: Array("try GET /metrics or GET /healthz\n".utf8))
        }
        guard method == "GET" else {
            return MetricsHTTPResponse(status: 405, contentType: textPlain, body: Array("only GET\n".utf8))
        }
        if path == "/metrics" {
            return MetricsHTTPResponse(status: 200, contentType: exposition, body: metrics())
        }
        let state = health()
        return MetricsHTTPResponse(status: state.isServing ? 200 : 503, contentType: textPlain, body: Array("\(state.detail)\n".utf8))
    }
}
