import Foundation
import MoodMusicProtos
import MoodMusicWire
import Testing

@Suite("Client envelope")
struct ClientEnvelopeTests {
    @Test("a request survives encode and decode")
    func requestRoundTrip() throws {
        var header = Moodmusic_V1_RequestHeader()
        header.requestID = 99
        header.timeoutMs = 1234
        header.metadata = ["trace": "abc"]
        let frames = try ClientEnvelope.encode(.init(method: "/moodmusic.v1.Diagnostics/Echo", header: header, payload: [1, 2, 3]))
        #expect(frames.count == 5)
        #expect(frames[0].isEmpty)
        #expect(frames[1] == Array("MMC1".utf8))
        let decoded = try ClientEnvelope.decodeRequest(frames[...]).get()
        #expect(decoded.method == "/moodmusic.v1.Diagnostics/Echo")
        #expect(decoded.header == header)
        #expect(decoded.payload == [1, 2, 3])
    }

    @Test("malformed requests are INVALID_ARGUMENT with a reason", arguments: [
        ([[UInt8]](), "5 frames"),
        ([[], Array("MMC1".utf8), Array("/a/b".utf8), []], "5 frames"),
        ([[1], Array("MMC1".utf8), Array("/a/b".utf8), [], []], "delimiter"),
        ([[], Array("MMC9".utf8), Array("/a/b".utf8), [], []], "unsupported protocol 'MMC9'"),
        ([[], Array("MMC1".utf8), Array("/a/b".utf8), [0xFF, 0xFF], []], "RequestHeader"),
        ([[], Array("MMC1".utf8), [0xC3, 0x28], [], []], "UTF-8"),
    ])
    func malformed(frames: [[UInt8]], reason: String) {
        guard case .failure(let error) = ClientEnvelope.decodeRequest(frames[...]) else {
            Issue.record("accepted \(frames)")
            return
        }
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains(reason), "\(error.message)")
    }

    @Test("a response survives encode and decode, error included")
    func responseRoundTrip() throws {
        let header = Moodmusic_V1_ResponseHeader(requestID: 5, error: .invalidArgument("bad image"))
        let frames = try ClientEnvelope.encode(.init(header: header, payload: []))
        let decoded = try ClientEnvelope.decodeResponse(frames).get()
        #expect(decoded.header.requestID == 5)
        #expect(decoded.header.code == .invalidArgument)
        #expect(decoded.header.message == "bad image")
    }
}

@Suite("Method descriptors")
struct MethodDescriptorTests {
    @Test("paths parse into service and method")
    func parse() {
        let method = MethodDescriptor(path: "/moodmusic.v1.EmotionService/DetectEmotions")
        #expect(method == Contract.detectEmotions)
        #expect(method?.path == "/moodmusic.v1.EmotionService/DetectEmotions")
    }

    @Test("bad paths are rejected", arguments: ["", "/", "//", "/a", "a/b", "/a/b/c", "/a/", "//b"])
    func reject(path: String) {
        #expect(MethodDescriptor(path: path) == nil)
    }

    @Test("every declared method belongs to a known service")
    func contract() {
        for method in Contract.allMethods {
            #expect((Contract.workerServices + Contract.gatewayServices).contains(method.service))
        }
    }
}
