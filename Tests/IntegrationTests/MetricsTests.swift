import MoodMusicClient
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire
import Foundation
import MoodMusicTesting
import Testing

@Suite("Metrics endpoints", .serialized)
struct MetricsTests {
    @Test("gateway and worker counters move when calls are made")
    func countersMove() throws {
        let cluster = try TestCluster(metrics: true)
        defer { cluster.stop() }
        let workerMetricsPort = freeLoopbackPort()
        try cluster.startWorker("echo", name: "echo-m", arguments: ["--metrics-port", "\(workerMetricsPort)", "--metrics-host", "127.0.0.1"])
        try cluster.waitUntilServing(Contract.Services.diagnostics)

        let echoOK = ["method": Contract.echo.path, "code": "OK"]
        let before = try httpGet(port: cluster.metricsPort, path: "/metrics")
        #expect(before.status == 200)
        let okBefore = metricValue(before.body, name: "moodmusic_gateway_requests_total", labels: echoOK) ?? 0
        #expect(metricValue(before.body, name: "moodmusic_gateway_live_workers", labels: ["service": Contract.Services.diagnostics]) == 1)

        let client = try cluster.client()
        defer { client.close() }
        for _ in 0..<5 { _ = try client.echo([1]) }
        _ = try? client.callRaw(MethodDescriptor(service: "moodmusic.v1.Nope", method: "X"), payload: [])

        let after = try httpGet(port: cluster.metricsPort, path: "/metrics").body
        #expect(metricValue(after, name: "moodmusic_gateway_requests_total", labels: echoOK) == okBefore + 5)
        #expect(metricValue(after, name: "moodmusic_gateway_requests_total", labels: ["code": "UNIMPLEMENTED"]) == 1)
        #expect((metricValue(after, name: "moodmusic_gateway_request_duration_seconds_count", labels: ["method": Contract.echo.path]) ?? 0) >= 5)
        #expect(metricValue(after, name: "moodmusic_gateway_queue_depth", labels: ["service": Contract.Services.diagnostics]) == 0)

        let worker = try httpGet(port: workerMetricsPort, path: "/metrics").body
        #expect(metricValue(worker, name: "moodmusic_worker_requests_total", labels: echoOK) == 5)
        #expect(try httpGet(port: cluster.metricsPort, path: "/nope").status == 404)
    }

    @Test("a worker that stops answering heartbeats is counted")
    func heartbeatFailures() throws {
        let cluster = try TestCluster(heartbeatMs: 100, metrics: true)
        defer { cluster.stop() }
        let worker = try cluster.startWorker("echo", name: "frozen")
        try cluster.waitUntilServing(Contract.Services.diagnostics)
        worker.signal(SIGSTOP)
        defer { worker.signal(SIGCONT) }
        let deadline = Date().addingTimeInterval(5)
        var failures = 0.0
        while Date() < deadline {
            let body = try httpGet(port: cluster.metricsPort, path: "/metrics").body
            failures = metricValue(body, name: "moodmusic_gateway_heartbeat_failures_total") ?? 0
            if failures >= 1 { break }
            usleep(100_000)
        }
        #expect(failures == 1)
    }
}
