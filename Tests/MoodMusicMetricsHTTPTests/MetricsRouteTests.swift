import MoodMusicMetricsHTTP
import Testing

@Suite("Metrics endpoint routes")
struct MetricsRouteTests {
    private func answer(_ method: String, _ uri: String, health: HealthState = .serving) -> MetricsHTTPResponse {
        MetricsRoute.response(method: method, uri: uri, health: { health }, metrics: { Array("up 1\n".utf8) })
    }

    @Test("GET /metrics gives the exposition, with or without a query")
    func metrics() {
        #expect(answer("GET", "/metrics").status == 200)
        #expect(answer("GET", "/metrics").body == Array("up 1\n".utf8))
        #expect(answer("GET", "/metrics?name[]=up").status == 200)
        #expect(answer("GET", "/metrics").contentType.hasPrefix("text/plain; version=0.0.4"))
    }

    @Test("GET /healthz is 200 while serving and 503 with the reason otherwise")
    func health() {
        #expect(answer("GET", "/healthz").status == 200)
        let draining = answer("GET", "/healthz", health: HealthState(isServing: false, detail: "draining"))
        #expect(draining.status == 503)
        #expect(String(decoding: draining.body, as: UTF8.self) == "draining\n")
    }

    @Test("other paths are 404, other methods 405")
    func others() {
        #expect(answer("GET", "/").status == 404)
        #expect(answer("GET", "/metricsx").status == 404)
        #expect(answer("GET", "").status == 404)
        #expect(answer("POST", "/metrics").status == 405)
        #expect(answer("DELETE", "/healthz").status == 405)
    }
}
