import MoodMusicClient
import MoodMusicProtos
import MoodMusicTesting
import MoodMusicWire
import MoodMusicWorker
import SwiftProtobuf
import Testing

/// The gateway's own methods, Health.Check and the RecommendForImage flow, fuzzed through the
/// in-process cluster (real broker loop, worker runtime and the loaded handlers). Every call must
/// be answered, with OK and a readable response or a status of the contract with a message, and a
/// valid request must still work afterwards.
@Suite("Handler fuzzer: gateway methods through the in-process cluster", .serialized)
struct GatewayFlowFuzzTests {
    let mutator = ProtobufMutator()

    func fuzz<Response: SwiftProtobuf.Message>(_ client: MoodMusicClient, method: MethodDescriptor, seeds: [[UInt8]],
                                               response _: Response.Type, iterations: Int) -> FuzzTally {
        let budget = FuzzBudget.fromEnvironment(defaultIterations: iterations)
        var rng = SeededGenerator(seed: budget.seed)
        var tally = FuzzTally()
        for index in 0..<budget.iterations {
            let payload = budget.payload(index, seeds: seeds, mutator: mutator, rng: &rng)
            let label = "\(method.path) seed \(budget.seed) case \(index)"
            do {
                let (header, bytes) = try client.callRaw(method, payload: payload, timeoutMs: 30_000, waitForReady: true)
                tally.record(code: header.code, message: header.message, responseDecodes: (try? Response(serializedBytes: bytes)) != nil,
                             payload: payload, label: label)
            } catch {
                tally.violations.append("\(label): no answer (\(error))")
            }
        }
        return tally
    }

    @Test("Health.Check and RecommendForImage answer every mutated request")
    func gatewayMethods() throws {
        let handlers = try LoadedHandlers.all.get()
        let cluster = try InProcessCluster()
        defer { cluster.stop() }
        let echo = EchoHandler(workerName: "fuzz")
        cluster.addWorker([echo] + handlers.filter { $0.service == Contract.Services.emotion }, name: "fuzz-emotion")
        cluster.addWorker([echo] + handlers.filter { $0.service == Contract.Services.recommender }, name: "fuzz-recommender")
        let client = try cluster.client()
        defer { client.close() }

        let health = fuzz(client, method: Contract.healthCheck, seeds: HandlerFuzzSeeds.health(),
                          response: Moodmusic_V1_HealthCheckResponse.self, iterations: 500)
        #expect(health.violations.isEmpty, "\(health.violations.joined(separator: "\n"))")
        #expect(health.counts["OK", default: 0] > 0, "\(health)")
        print("handler fuzz \(Contract.healthCheck.path): \(health)")

        let flow = fuzz(client, method: Contract.recommendForImage, seeds: try HandlerFuzzSeeds.recommendForImage(),
                        response: Moodmusic_V1_RecommendForImageResponse.self, iterations: 120)
        #expect(flow.violations.isEmpty, "\(flow.violations.joined(separator: "\n"))")
        #expect(flow.counts["OK", default: 0] > 0 && flow.counts["INVALID_ARGUMENT", default: 0] > 0, "\(flow)")
        print("handler fuzz \(Contract.recommendForImage.path): \(flow)")

        let after = try client.recommendForImage(try Moodmusic_V1_RecommendForImageRequest(serializedBytes: HandlerFuzzSeeds.recommendForImage()[0]))
        #expect(after.recommendations.tracks.count == 5)
    }
}
