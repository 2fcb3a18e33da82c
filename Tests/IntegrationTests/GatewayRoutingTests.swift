import MoodMusicClient
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire
import Foundation
import MoodMusicTesting
import Testing

/// The real gateway and echo workers, as separate processes on loopback.
@Suite("Gateway routing", .serialized)
struct GatewayRoutingTests {
    @Test("an echo makes the round trip through gateway and worker")
    func roundTrip() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startWorker("echo", name: "echo-a")
        try cluster.waitUntilServing(Contract.Services.diagnostics)
        let client = try cluster.client()
        defer { client.close() }
        let response = try client.echo(Array("ping".utf8))
        #expect(response.payload == Data("ping".utf8))
        #expect(response.servedBy == "echo-a")
    }

    @Test("two workers share the load")
    func twoWorkersShareLoad() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startWorker("echo", name: "echo-a")
        try cluster.startWorker("echo", name: "echo-b")
        try cluster.waitUntilServing(Contract.Services.diagnostics, workers: 2)
        // Each call takes 20 ms and each worker runs one at a time, so the gateway must spread them.
        let answers = try pipelinedEchoes(cluster, count: 40, delayMs: 20)
        #expect(answers.count == 40)
        var byWorker: [String: Int] = [:]
        for response in answers.values {
            #expect(response.header.code == .ok)
            byWorker[try echoResponse(response).servedBy, default: 0] += 1
        }
        #expect(byWorker.keys.sorted() == ["echo-a", "echo-b"])
        #expect(byWorker.values.allSatisfy { $0 >= 10 }, "uneven split: \(byWorker)")
    }

    @Test("kill -9 of a worker with requests in flight: every request is still answered")
    func killedWorkerRequestsAreRetried() throws {
        let cluster = try TestCluster(heartbeatMs: 100)
        defer { cluster.stop() }
        let victim = try cluster.startWorker("echo", name: "victim", arguments: ["--concurrency", "4"])
        try cluster.waitUntilServing(Contract.Services.diagnostics, workers: 1)
        try cluster.startWorker("echo", name: "survivor", arguments: ["--concurrency", "4"])
        try cluster.waitUntilServing(Contract.Services.diagnostics, workers: 2)

        let context = ZMQContext()
        defer { context.terminate() }
        let connection = try GatewayConnection(endpoint: cluster.frontend, context: context)
        defer { connection.close() }
        for id in 1...8 {
            var request = Moodmusic_V1_EchoRequest()
            request.payload = Data("job\(id)".utf8)
            request.delayMs = 1500
            try connection.send(method: Contract.echo, payload: try request.serializedBytes(), requestID: UInt64(id), timeoutMs: 15_000)
        }
        usleep(400_000) // both workers now hold 4 calls each
        victim.kill9()

        var answers: [UInt64: ClientEnvelope.Response] = [:]
        let giveUp = Date().addingTimeInterval(15)
        while answers.count < 8, Date() < giveUp {
            if let response = try connection.receive(timeoutMs: 200) { answers[response.header.requestID] = response }
        }
        #expect(answers.count == 8, "answered \(answers.keys.sorted())\n\(cluster.logs())")
        for (id, response) in answers {
            #expect(response.header.code == .ok, "request \(id): \(response.header.code.name) \(response.header.message)")
            if response.header.code == .ok {
                let echo = try echoResponse(response)
                #expect(echo.payload == Data("job\(id)".utf8))
                #expect(echo.servedBy == "survivor")
            }
        }
    }

    @Test("a request waits for a worker that joins later when wait_for_ready is set")
    func waitForReady() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        let context = ZMQContext()
        defer { context.terminate() }
        let connection = try GatewayConnection(endpoint: cluster.frontend, context: context)
        defer { connection.close() }
        try connection.send(method: Contract.echo, payload: try Moodmusic_V1_EchoRequest().serializedBytes(), requestID: 7, timeoutMs: 20_000, waitForReady: true)
        usleep(300_000)
        try cluster.startWorker("echo", name: "late")
        let response = try connection.receive(timeoutMs: 20_000)
        #expect(response?.header.code == .ok)
        #expect(response?.header.requestID == 7)
    }

    @Test("SIGTERM: a worker finishes its in-flight calls before it leaves")
    func gracefulDrain() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        let worker = try cluster.startWorker("echo", name: "drainer", arguments: ["--concurrency", "3"])
        try cluster.waitUntilServing(Contract.Services.diagnostics)
        let context = ZMQContext()
        defer { context.terminate() }
        let connection = try GatewayConnection(endpoint: cluster.frontend, context: context)
        defer { connection.close() }
        for id in 1...3 {
            var request = Moodmusic_V1_EchoRequest()
            request.delayMs = 800
            try connection.send(method: Contract.echo, payload: try request.serializedBytes(), requestID: UInt64(id), timeoutMs: 10_000)
        }
        usleep(200_000)
        worker.signal(SIGTERM)
        var codes: [StatusCode] = []
        while codes.count < 3, let response = try connection.receive(timeoutMs: 5000) { codes.append(response.header.code) }
        #expect(codes == [.ok, .ok, .ok])
        #expect(worker.waitForExit(timeout: 5))
        #expect(worker.exitStatus == 0)
        // Gone from the pool: the next call finds no worker.
        let client = try cluster.client()
        defer { client.close() }
        #expect(throws: RPCError.self) { try client.echo([1]) }
    }

    @Test("workers re-register after the gateway restarts")
    func gatewayRestart() throws {
        let cluster = try TestCluster(heartbeatMs: 100)
        defer { cluster.stop() }
        try cluster.startWorker("echo", name: "loyal")
        try cluster.waitUntilServing(Contract.Services.diagnostics)
        try cluster.restartGateway()
        try cluster.waitUntilServing(Contract.Services.diagnostics, timeout: 20)
        let client = try cluster.client()
        defer { client.close() }
        #expect(try client.echo([42]).servedBy == "loyal")
    }
}
