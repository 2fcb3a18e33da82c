import MoodMusicClient
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire
import Foundation
import MoodMusicTesting
import Testing

/// Bad input of every kind gets a clear status, and the gateway keeps serving.
@Suite("Gateway errors", .serialized)
struct GatewayErrorTests {
    @Test("an unknown method gets UNIMPLEMENTED")
    func unknownMethod() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        let client = try cluster.client()
        defer { client.close() }
        let (header, payload) = try client.callRaw(MethodDescriptor(service: "moodmusic.v1.Nope", method: "Nothing"), payload: [])
        #expect(header.code == .unimplemented)
        #expect(header.message.contains("/moodmusic.v1.Nope/Nothing"))
        #expect(payload.isEmpty)
    }

    @Test("garbage frames get INVALID_ARGUMENT and the gateway keeps serving")
    func garbageFrames() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startWorker("echo", name: "echo-a")
        try cluster.waitUntilServing(Contract.Services.diagnostics)
        let context = ZMQContext()
        defer { context.terminate() }
        let connection = try GatewayConnection(endpoint: cluster.frontend, context: context)
        defer { connection.close() }

        let garbage: [[[UInt8]]] = [
            [Array("hello".utf8)],                                                       // one frame
            [[], Array("MMC1".utf8), Array("/moodmusic.v1.Diagnostics/Echo".utf8)],      // too few frames
            [[], Array("XXX9".utf8), Array("/moodmusic.v1.Diagnostics/Echo".utf8), [], []], // wrong protocol
            [[], Array("MMC1".utf8), Array("/moodmusic.v1.Diagnostics/Echo".utf8), [0xFF, 0xFF, 0xFF], []], // bad header
            [[], Array("MMC1".utf8), Array("not-a-path".utf8), [], []],                  // bad method
            [[0x01], Array("MMC1".utf8), Array("/moodmusic.v1.Diagnostics/Echo".utf8), [], []], // no delimiter
        ]
        for frames in garbage { try connection.sendRaw(frames) }
        var codes: [StatusCode] = []
        while codes.count < garbage.count, let frames = try connection.receiveRaw(timeoutMs: 3000) {
            guard case .success(let response) = ClientEnvelope.decodeResponse(frames) else { Issue.record("undecodable answer"); break }
            codes.append(response.header.code)
            #expect(!response.header.message.isEmpty)
        }
        #expect(codes == Array(repeating: .invalidArgument, count: garbage.count))

        // A wrong payload for a real method: the worker rejects it.
        let client = try cluster.client()
        defer { client.close() }
        let (header, _) = try client.callRaw(Contract.echo, payload: [0xFF, 0xFF])
        #expect(header.code == .invalidArgument)
        #expect(try client.echo(Array("still here".utf8)).payload == Data("still here".utf8))
    }

    // UNAVAILABLE (not DEADLINE_EXCEEDED) shows the gateway answered without waiting for the
    // deadline; no wall-clock bound, so a loaded machine cannot fail it.
    @Test("with no worker, the answer is UNAVAILABLE, not a wait for the deadline")
    func noWorker() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        let client = try cluster.client()
        defer { client.close() }
        #expect {
            try client.echo([1], timeoutMs: 30_000)
        } throws: { error in
            (error as? RPCError)?.code == .unavailable
        }
    }

    @Test("wait_for_ready with no worker ends in DEADLINE_EXCEEDED at the deadline")
    func deadlineWhileQueued() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        let client = try cluster.client()
        defer { client.close() }
        let started = Date()
        let (header, _) = try client.callRaw(Contract.echo, payload: [], timeoutMs: 500, waitForReady: true)
        let elapsed = Date().timeIntervalSince(started)
        #expect(header.code == .deadlineExceeded)
        // Never before the deadline (a correctness bound, not a speed one).
        #expect(elapsed >= 0.45, "answered after \(elapsed) s, before the 500 ms deadline")
    }

    @Test("a full queue answers RESOURCE_EXHAUSTED")
    func queueBound() throws {
        let cluster = try TestCluster(gatewayArguments: ["--max-queue", "2"])
        defer { cluster.stop() }
        try cluster.startWorker("echo", name: "slow", arguments: ["--prefetch", "0"])
        try cluster.waitUntilServing(Contract.Services.diagnostics)
        // 1 runs, 2 wait, the other 3 are refused.
        let answers = try pipelinedEchoes(cluster, count: 6, delayMs: 300)
        let codes = answers.values.map(\.header.code)
        #expect(codes.filter { $0 == .ok }.count == 3)
        #expect(codes.filter { $0 == .resourceExhausted }.count == 3)
    }

    @Test("an oversized payload answers RESOURCE_EXHAUSTED and the gateway keeps serving")
    func oversizedPayload() throws {
        let cluster = try TestCluster(gatewayArguments: ["--max-request-bytes", "1000"])
        defer { cluster.stop() }
        try cluster.startWorker("echo", name: "echo-a")
        try cluster.waitUntilServing(Contract.Services.diagnostics)
        let client = try cluster.client()
        defer { client.close() }
        #expect {
            try client.echo(Array(repeating: 7, count: 5000))
        } throws: { error in
            guard let error = error as? RPCError else { return false }
            return error.code == .resourceExhausted && error.message.contains("1000")
        }
        #expect(try client.echo([1, 2, 3]).payload == Data([1, 2, 3]))
    }

    @Test("Health names an unknown service NOT_FOUND")
    func healthUnknownService() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        let client = try cluster.client()
        defer { client.close() }
        #expect {
            try client.health(service: "moodmusic.v1.Bogus")
        } throws: { error in
            (error as? RPCError)?.code == .notFound
        }
        let overall = try client.health()
        #expect(overall.status == .notServing)
        #expect(overall.services.count == Contract.workerServices.count)
    }
}
