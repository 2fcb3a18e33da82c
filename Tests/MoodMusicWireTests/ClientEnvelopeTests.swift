import Foundation
import MoodMusicProtos
import MoodMusicWire
import Testing

@Suite("Client envelope")
struct ClientEnvelopeTests {
    @Test("a request survives encode and decode in both framings", arguments: [ClientFraming.mmc1, .mmc2])
    func requestRoundTrip(framing: ClientFraming) throws {
        var header = Moodmusic_V1_RequestHeader()
        header.requestID = 99
        header.timeoutMs = 1234
        header.metadata = ["trace": "abc"]
        for method in ["/moodmusic.v1.Diagnostics/Echo", "/some.Other/Method"] {
            let frames = try ClientEnvelope.encode(.init(method: method, header: header, payload: [1, 2, 3]), framing: framing)
            #expect(frames.count == (framing == .mmc1 ? 5 : 2))
            #expect(ClientEnvelope.framing(of: frames[...]) == framing)
            let decoded = try ClientEnvelope.decodeRequest(frames[...]).get()
            #expect(decoded.method == method)
            #expect(decoded.header == header)
            #expect(decoded.payload == [1, 2, 3])
        }
    }

    @Test("MMC2 puts the id, the method's length and path and the header in frame 0, the payload in frame 1")
    func mmc2Layout() throws {
        var header = Moodmusic_V1_RequestHeader()
        header.requestID = 1
        let frames = try ClientEnvelope.encode(.init(method: "/a.B/C", header: header, payload: [7]))
        #expect(frames == [Array("MMC2".utf8) + [6, 0] + Array("/a.B/C".utf8) + [0x08, 0x01], [7]])
        let response = ClientEnvelope.responseFrames(routedTo: [42], header: Moodmusic_V1_ResponseHeader(requestID: 1, error: RPCError(.notFound, "x")),
                                                     payload: [], framing: .mmc2)
        #expect(response == [[42], Array("MMC2".utf8) + [0x08, 0x01, 0x10, 0x05, 0x1A, 0x01, 0x78], []])
    }

    static let mmc2: [UInt8] = Array("MMC2".utf8)
    static let path: [UInt8] = Array("/a/b".utf8)
    static let malformedMMC2Cases: [([[UInt8]], String)] = [
        ([mmc2], "2 frames"),
        ([mmc2 + [1], []], "at least 6"),
        ([mmc2 + [9, 0] + path, []], "runs past"),
        ([mmc2 + [2, 0, 0xC3, 0x28], []], "UTF-8"),
        ([mmc2 + [4, 0] + path + [0xFF, 0xFF], []], "RequestHeader"),
    ]

    @Test("malformed MMC2 requests are INVALID_ARGUMENT with a reason", arguments: malformedMMC2Cases)
    func malformedMMC2(frames: [[UInt8]], reason: String) {
        Self.expectRefused(frames, reason)
        #expect(ClientEnvelope.framing(of: frames[...]) == .mmc2)
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
        Self.expectRefused(frames, reason)
    }

    static func expectRefused(_ frames: [[UInt8]], _ reason: String) {
        guard case .failure(let error) = ClientEnvelope.decodeRequest(frames[...]) else {
            Issue.record("accepted \(frames)")
            return
        }
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains(reason), "\(error.message)")
    }

    @Test("a response survives encode and decode in both framings, error included", arguments: [ClientFraming.mmc1, .mmc2])
    func responseRoundTrip(framing: ClientFraming) throws {
        let header = Moodmusic_V1_ResponseHeader(requestID: 5, error: .invalidArgument("bad image"))
        let frames = try ClientEnvelope.encode(.init(header: header, payload: [3]), framing: framing)
        #expect(frames.count == (framing == .mmc1 ? 4 : 2))
        let decoded = try ClientEnvelope.decodeResponse(frames).get()
        #expect(decoded.header.requestID == 5)
        #expect(decoded.header.code == .invalidArgument)
        #expect(decoded.header.message == "bad image")
        #expect(decoded.payload == [3])
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
