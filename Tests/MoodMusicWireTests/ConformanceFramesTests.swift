import Foundation
import MoodMusicProtos
import MoodMusicWire
import Testing

/// Tests/Conformance/envelope-frames.json (MMC1): the Swift side of the frames that the Python and C clients check
/// too; and envelope-frames-mmc2.json, the MMC2 framing the Swift client sends.
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

    static func load(_ file: String) -> Cases {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Conformance/\(file)")
        return try! JSONDecoder().decode(Cases.self, from: Data(contentsOf: url))
    }

    static let framings: [ClientFraming: Cases] = [.mmc1: load("envelope-frames.json"), .mmc2: load("envelope-frames-mmc2.json")]
    /// Every case of both files, as framing and name.
    static func all(_ names: (Cases) -> [String]) -> [Case] {
        [ClientFraming.mmc1, .mmc2].flatMap { framing in names(framings[framing]!).map { Case(framing: framing, name: $0) } }
    }
    struct Case: Sendable, CustomTestStringConvertible {
        let framing: ClientFraming
        let name: String
        var testDescription: String { "\(framing) \(name)" }
    }

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

    @Test(arguments: [ClientFraming.mmc1, .mmc2])
    func theFileHasEveryKindOfCase(_ framing: ClientFraming) {
        let cases = Self.framings[framing]!
        #expect(cases.requests.count >= 3)
        #expect(cases.responses.count >= 3)
        #expect(cases.not_responses.count >= 3)
    }

    @Test(arguments: all { $0.requests.map(\.name) })
    func requestsEncodeToTheGoldenFramesAndDecodeBack(_ test: Case) throws {
        let c = try #require(Self.framings[test.framing]!.requests.first { $0.name == test.name })
        var header = Moodmusic_V1_RequestHeader()
        header.requestID = try #require(UInt64(c.request_id))
        header.timeoutMs = c.timeout_ms
        header.waitForReady = c.wait_for_ready
        header.metadata = c.metadata
        let golden = c.frames_hex.map(Self.bytes)
        let encoded = try ClientEnvelope.encode(.init(method: c.method, header: header, payload: Self.bytes(c.payload_hex)), framing: test.framing)
        #expect(encoded == golden)
        let decoded = try ClientEnvelope.decodeRequest(golden[...]).get()
        #expect(decoded.method == c.method)
        #expect(decoded.header == header)
        #expect(decoded.payload == Self.bytes(c.payload_hex))
    }

    @Test(arguments: all { $0.responses.map(\.name) })
    func responsesDecodeToTheGoldenFieldsAndEncodeBack(_ test: Case) throws {
        let c = try #require(Self.framings[test.framing]!.responses.first { $0.name == test.name })
        let golden = c.frames_hex.map(Self.bytes)
        let response = try ClientEnvelope.decodeResponse(golden).get()
        #expect(response.header.requestID == UInt64(c.request_id))
        #expect(response.header.code.rawValue == c.code)
        #expect(response.header.message == c.message)
        #expect(response.payload == Self.bytes(c.payload_hex))
        #expect(try ClientEnvelope.encode(response, framing: test.framing) == golden)
    }

    @Test(arguments: all { $0.not_responses.map(\.name) })
    func malformedResponsesAreRejected(_ test: Case) throws {
        let c = try #require(Self.framings[test.framing]!.not_responses.first { $0.name == test.name })
        #expect(throws: RPCError.self) { try ClientEnvelope.decodeResponse(c.frames_hex.map(Self.bytes)).get() }
    }
}
