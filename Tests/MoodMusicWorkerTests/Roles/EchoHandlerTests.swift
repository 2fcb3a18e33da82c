import Foundation
import MoodMusicProtos
import MoodMusicWire
@testable import MoodMusicWorker
import Testing

@Suite("Echo handler")
struct EchoHandlerTests {
    let handler = EchoHandler(workerName: "w")

    func payload(delayMs: UInt32, bytes: [UInt8] = [1, 2, 3]) throws -> [UInt8] {
        var request = Moodmusic_V1_EchoRequest()
        request.payload = Data(bytes)
        request.delayMs = delayMs
        return try request.serializedBytes()
    }

    @Test("only an echo with no delay runs on the I/O thread")
    func inlineDecision() throws {
        #expect(handler.runsInline(payload: try payload(delayMs: 0)))
        #expect(handler.runsInline(payload: []))
        #expect(!handler.runsInline(payload: try payload(delayMs: 1)))
        #expect(!handler.runsInline(payload: try payload(delayMs: 5_000, bytes: Array(repeating: 9, count: 300))))
        // The last delay_ms in the bytes is the one that counts, as for the decoder.
        #expect(handler.runsInline(payload: try payload(delayMs: 7) + [0x10, 0x00]))
        #expect(!handler.runsInline(payload: try payload(delayMs: 0) + [0x10, 0x05]))
    }

    @Test("a payload that is not an EchoRequest runs inline and is refused there")
    func badPayload() throws {
        let bad: [UInt8] = [0x0A, 0x09, 0x01]
        #expect(handler.runsInline(payload: bad))
        let context = CallContext(method: Contract.echo, deadlineMs: Int64.max / 2, metadata: [:])
        #expect(throws: RPCError.self) { try handler.handle(payload: bad, context: context) }
    }
}
