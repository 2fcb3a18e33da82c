import Foundation
import MoodMusicProtos
import MoodMusicWire
import Testing

/// Tests/Conformance/envelope-frames.json: the Swift side of the frames that the Python and C
/// clients check too.
@Suite struct ConformanceFramesTests {
    struct Cases: Decodable {
        struct Request: Decodable {
            let name, method, request_id: String
            let timeout_ms: UInt32
            let wait_for_ready: Bool
            let metadata: [String: String]
            let payload_hex: String
            let frames_hex: [String]
        }
        struct Response: Decodable {
            let name, request_id, message, payload_hex: String
            let code: Int
            let frames_hex: [String]
        }
        struct Raw: Decodable { let name: String; let frames_hex: [String] }
        let requests: [Request]
        let responses: [Response]
        let not_responses: [Raw]
    }

    static let cases: Cases = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Conformance/envelope-frames.json")
        return try! JSONDecoder().decode(Cases.self, from: Data(contentsOf: url))
    }()

    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }

    @Test func theFileHasEveryKindOfCase() {
        #expect(Self.cases.requests.count >= 3)
        #expect(Self.cases.responses.count >= 3)
        #expect(Self.cases.not_responses.count >= 3)
    }

    @Test(arguments: cases.requests.map(\.name))
    func requestsEncodeToTheGoldenFramesAndDecodeBack(_ name: String) throws {
        let c = try #require(Self.cases.requests.first { $0.name == name })
        var header = Moodmusic_V1_RequestHeader()
        header.requestID = try #require(UInt64(c.request_id))
        header.timeoutMs = c.timeout_ms
        header.waitForReady = c.wait_for_ready
        header.metadata = c.metadata
        let golden = c.frames_hex.map(Self.bytes)
        let encoded = try ClientEnvelope.encode(.init(method: c.method, header: header, payload: Self.bytes(c.payload_hex)))
        #expect(encoded == golden)
        let decoded = try ClientEnvelope.decodeRequest(golden[...]).get()
        #expect(decoded.method == c.method)
        #expect(decoded.header == header)
        #expect(decoded.payload == Self.bytes(c.payload_hex))
    }

    @Test(arguments: cases.responses.map(\.name))
    func responsesDecodeToTheGoldenFieldsAndEncodeBack(_ name: String) throws {
        let c = try #require(Self.cases.responses.first { $0.name == name })
        let golden = c.frames_hex.map(Self.bytes)
        let response = try ClientEnvelope.decodeResponse(golden).get()
        #expect(response.header.requestID == UInt64(c.request_id))
        #expect(response.header.code.rawValue == c.code)
        #expect(response.header.message == c.message)
        #expect(response.payload == Self.bytes(c.payload_hex))
        #expect(try ClientEnvelope.encode(response) == golden)
    }

    @Test(arguments: cases.not_responses.map(\.name))
    func malformedResponsesAreRejected(_ name: String) throws {
        let c = try #require(Self.cases.not_responses.first { $0.name == name })
        #expect(throws: RPCError.self) { try ClientEnvelope.decodeResponse(c.frames_hex.map(Self.bytes)).get() }
    }
}
