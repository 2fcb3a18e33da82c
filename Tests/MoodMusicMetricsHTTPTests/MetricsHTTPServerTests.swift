import Foundation
import MoodMusicMetricsHTTP
import MoodMusicTesting
import Prometheus
import Testing

@Suite("Metrics HTTP server on loopback")
struct MetricsHTTPServerTests {
    private func startServer(limits: MetricsServerLimits, health: @escaping @Sendable () -> HealthState = { .serving }) throws -> MetricsHTTPServer {
        let registry = PrometheusCollectorRegistry()
        registry.makeCounter(name: "scrape_test_total").increment(by: Int64(3))
        let server = MetricsHTTPServer(registry: registry, host: "127.0.0.1", port: freeLoopbackPort(), limits: limits, health: health)
        try server.start()
        return server
    }

    @Test("a scrape succeeds while slow-loris clients, a byte every 1.5 s, stay connected")
    func slowClientsDoNotBlockScrapes() throws {
        let server = try startServer(limits: MetricsServerLimits(connectionSeconds: 120, idleSeconds: 60))
        defer { server.stop() }
        let slowClients = try (0..<8).map { _ in try LoopbackSocket(port: server.port) }
        for client in slowClients { #expect(client.sendText("GET /metrics HTTP/1.1\r\nX-Slow: ")) }
        let keepTrickling = SharedFlag(true)
        let trickled = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        let trickle = Thread {
            defer { finished.signal() }
            var sent = 0
            while keepTrickling.isSet, sent < 60 {
                Thread.sleep(forTimeInterval: 1.5)
                for client in slowClients { client.sendText("a") }
                sent += 1
                if sent == 2 { trickled.signal() }
            }
        }
        trickle.start()
        // The thread writes to the clients' descriptors, so it must have stopped before they are closed: a write
        // after a close would land on whatever socket reuses the number, another test's in a parallel run.
        defer {
            keepTrickling.set(false)
            finished.wait()
            for client in slowClients { client.closeNow() }
        }
        // Scrape once the slow clients are mid-trickle, as a scraper would meet them.
        #expect(trickled.wait(timeout: .now() + 60) == .success)

        let scrape = try httpGet(port: server.port, path: "/metrics", timeoutSeconds: 60)
        #expect(scrape.status == 200)
        #expect(metricValue(scrape.body, name: "scrape_test_total") == 3)
        for client in slowClients {
            #expect(client.isOpenAndSilent, "the slow client was still connected when the scrape finished")
        }
    }

    @Test("a trickling client is closed when its connection time is up")
    func connectionTimeCutsOffSlowLoris() throws {
        let server = try startServer(limits: MetricsServerLimits(connectionSeconds: 0.5, idleSeconds: 60))
        defer { server.stop() }
        let slow = try LoopbackSocket(port: server.port)
        defer { slow.closeNow() }
        #expect(slow.sendText("GET /metr"))
        #expect(slow.readOnce() == .closedByServer)
    }

    @Test("a silent client is closed when idle")
    func idleClientIsClosed() throws {
        let server = try startServer(limits: MetricsServerLimits(connectionSeconds: 120, idleSeconds: 0.3))
        defer { server.stop() }
        let silent = try LoopbackSocket(port: server.port)
        defer { silent.closeNow() }
        #expect(silent.readOnce() == .closedByServer)
    }

    @Test("/healthz follows the owner's closure; other paths are 404")
    func healthAndNotFound() throws {
        let draining = SharedFlag(false)
        let server = try startServer(limits: MetricsServerLimits()) {
            draining.isSet ? HealthState(isServing: false, detail: "draining") : .serving
        }
        defer { server.stop() }
        let serving = try httpGet(port: server.port, path: "/healthz", timeoutSeconds: 30)
        #expect(serving.status == 200)
        #expect(serving.body == "serving\n")
        draining.set(true)
        let drained = try httpGet(port: server.port, path: "/healthz", timeoutSeconds: 30)
        #expect(drained.status == 503)
        #expect(drained.body == "draining\n")
        #expect(try httpGet(port: server.port, path: "/nope", timeoutSeconds: 30).status == 404)
        #expect(try httpGet(port: server.port, path: "/metrics", timeoutSeconds: 30).status == 200)
    }

    @Test("connections beyond the bound are closed without an answer; a freed slot serves again")
    func connectionBound() throws {
        let server = try startServer(limits: MetricsServerLimits(connectionSeconds: 120, idleSeconds: 60, maxConnections: 2))
        defer { server.stop() }
        let held = try (0..<2).map { _ in try LoopbackSocket(port: server.port) }
        #expect(throws: (any Error).self) { try httpGet(port: server.port, path: "/metrics", timeoutSeconds: 30) }
        held[0].closeNow()
        var status: Int?
        for _ in 0..<100 where status == nil {
            status = try? httpGet(port: server.port, path: "/metrics", timeoutSeconds: 30).status
            if status == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(status == 200)
        held[1].closeNow()
    }

    @Test("stop closes open connections and the listener")
    func stopsCleanly() throws {
        let server = try startServer(limits: MetricsServerLimits(connectionSeconds: 120, idleSeconds: 60))
        let port = server.port
        #expect(try httpGet(port: port, path: "/metrics", timeoutSeconds: 30).status == 200)
        let open = try LoopbackSocket(port: port)
        defer { open.closeNow() }
        #expect(open.sendText("GET /met"))
        server.stop()
        #expect(open.readOnce() == .closedByServer)
        #expect(throws: (any Error).self) { try LoopbackSocket(port: port) }
    }
}
