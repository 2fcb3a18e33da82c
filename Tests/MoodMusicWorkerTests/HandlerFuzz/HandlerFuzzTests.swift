import MoodMusicProcess
import MoodMusicProtos
import MoodMusicWire
import MoodMusicWorker
import SwiftProtobuf
import Testing

/// Random and mutated protobufs fed straight into every handler, in process. Every call must
/// end with OK and a readable response, or a status of the contract with a message; a crash
/// ends the test process. Budget and seed: `FuzzBudget`.
@Suite("Handler fuzzer: handlers in process", .serialized)
struct HandlerFuzzTests {
    let mutator = ProtobufMutator()

    func fuzz<Response: SwiftProtobuf.Message>(_ handler: any ServiceHandler, method: MethodDescriptor, seeds: [[UInt8]],
                                               response _: Response.Type, deadlineMs: Int64, iterations: Int) -> FuzzTally {
        let budget = FuzzBudget.fromEnvironment(defaultIterations: iterations)
        var rng = SeededGenerator(seed: budget.seed)
        var tally = FuzzTally()
        for index in 0..<budget.iterations {
            let payload = budget.payload(index, seeds: seeds, mutator: mutator, rng: &rng)
            let context = CallContext(method: method, deadlineMs: MonotonicClock.nowMs() + deadlineMs, metadata: [:])
            do {
                let bytes = try handler.handle(payload: payload, context: context)
                tally.record(code: .ok, message: "", responseDecodes: (try? Response(serializedBytes: bytes)) != nil, payload: payload,
                             label: "\(method.path) seed \(budget.seed) case \(index)")
            } catch {
                tally.record(code: error.code, message: error.message, responseDecodes: false, payload: payload,
                             label: "\(method.path) seed \(budget.seed) case \(index)")
            }
        }
        return tally
    }

    func check(_ tally: FuzzTally, _ method: MethodDescriptor) {
        #expect(tally.violations.isEmpty, "\(method.path): \(tally.violations.joined(separator: "\n"))")
        // Both the happy path and the rejections were reached, so the run exercised the handler.
        #expect(tally.counts["OK", default: 0] > 0, "\(method.path): \(tally)")
        #expect(tally.counts["INVALID_ARGUMENT", default: 0] > 0, "\(method.path): \(tally)")
        print("handler fuzz \(method.path): \(tally)")
    }

    @Test("Echo: mutated requests get OK or a status with a message")
    func echo() {
        // A 3 ms deadline caps every delay_ms the mutations produce.
        let tally = fuzz(EchoHandler(workerName: "fuzz"), method: Contract.echo, seeds: HandlerFuzzSeeds.echo(),
                         response: Moodmusic_V1_EchoResponse.self, deadlineMs: 3, iterations: 2000)
        check(tally, Contract.echo)
    }

    @Test("DetectEmotions: mutated requests and images get OK or a status with a message")
    func detectEmotions() throws {
        let handler = try LoadedHandlers.handler(for: Contract.Services.emotion)
        let tally = fuzz(handler, method: Contract.detectEmotions, seeds: try HandlerFuzzSeeds.detectEmotions(),
                         response: Moodmusic_V1_DetectEmotionsResponse.self, deadlineMs: 60_000, iterations: 150)
        check(tally, Contract.detectEmotions)
    }

    @Test("Recommend: extreme numbers, NaN and huge repeats get OK or a status with a message")
    func recommend() throws {
        let handler = try LoadedHandlers.handler(for: Contract.Services.recommender)
        let tally = fuzz(handler, method: Contract.recommend, seeds: HandlerFuzzSeeds.recommend(),
                         response: Moodmusic_V1_RecommendResponse.self, deadlineMs: 60_000, iterations: 300)
        check(tally, Contract.recommend)
    }

    @Test("every handler answers every other method UNIMPLEMENTED")
    func otherMethods() throws {
        let handlers: [any ServiceHandler] = [EchoHandler(workerName: "fuzz"), try LoadedHandlers.handler(for: Contract.Services.emotion),
                                              try LoadedHandlers.handler(for: Contract.Services.recommender)]
        let own: [String: MethodDescriptor] = [Contract.Services.diagnostics: Contract.echo, Contract.Services.emotion: Contract.detectEmotions,
                                               Contract.Services.recommender: Contract.recommend]
        for handler in handlers {
            for method in Contract.allMethods where method != own[handler.service] {
                let context = CallContext(method: method, deadlineMs: MonotonicClock.nowMs() + 1000, metadata: [:])
                do {
                    _ = try handler.handle(payload: [0x0A, 0x01, 0x41], context: context)
                    Issue.record("\(handler.service) answered \(method.path)")
                } catch {
                    #expect(error.code == .unimplemented && !error.message.isEmpty)
                }
            }
        }
    }
}
