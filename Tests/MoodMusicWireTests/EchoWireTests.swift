import Foundation
import MoodMusicProtos
@testable import MoodMusicWire
import SwiftProtobuf
import Testing

/// Echo's fast reader and writer must agree with SwiftProtobuf: the same fields from the same bytes, nil wherever
/// SwiftProtobuf might read them otherwise, and the same response bytes.
@Suite("Echo wire")
struct EchoWireTests {
    static func randomRequest(_ generator: inout TraceIDGenerator) -> Moodmusic_V1_EchoRequest {
        var request = Moodmusic_V1_EchoRequest()
        request.payload = Data((0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        if Bool.random(using: &generator) { request.delayMs = UInt32.random(in: 0...UInt32.max, using: &generator) }
        return request
    }

    @Test("requests SwiftProtobuf writes read back to the same payload and delay")
    func requestsMatchSwiftProtobuf() throws {
        var generator = TraceIDGenerator(seed: (5, 6, 7, 8))
        for _ in 0..<500 {
            let request = Self.randomRequest(&generator)
            let bytes: [UInt8] = try request.serializedBytes()
            let read = try #require(EchoWire.readRequest(bytes))
            #expect(Data(bytes[read.payload]) == request.payload)
            #expect(read.delayMs == request.delayMs)
        }
    }

    @Test("mutated and random bytes read as SwiftProtobuf reads them, or go to it")
    func mutatedBytesAgreeOrFallBack() throws {
        var generator = TraceIDGenerator(seed: (13, 14, 15, 16))
        var fastReads = 0
        for round in 0..<4000 {
            var bytes: [UInt8] = try Self.randomRequest(&generator).serializedBytes()
            for _ in 0..<Int.random(in: 1...3, using: &generator) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if round % 7 == 0 { bytes = (0..<Int.random(in: 0...12, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) } }
            guard let read = EchoWire.readRequest(bytes) else { continue }
            fastReads += 1
            let decoded = try Moodmusic_V1_EchoRequest(serializedBytes: bytes)
            #expect(Data(bytes[read.payload]) == decoded.payload, "payload from \(bytes)")
            #expect(read.delayMs == decoded.delayMs, "delay from \(bytes)")
        }
        #expect(fastReads > 500)
    }

    @Test("a repeated field reads as its last occurrence; other fields and wire types go to SwiftProtobuf")
    func edgeCases() throws {
        let twice: [UInt8] = [0x0A, 0x01, 0x41, 0x10, 0x05, 0x0A, 0x02, 0x42, 0x43, 0x10, 0x00]
        let read = try #require(EchoWire.readRequest(twice))
        #expect(Array(twice[read.payload]) == [0x42, 0x43] && read.delayMs == 0)
        #expect(EchoWire.readRequest([0x18, 0x01]) == nil)  // field 3: unknown to the fast reader
        #expect(EchoWire.readRequest([0x08, 0x01]) == nil)  // field 1 as a varint
        #expect(EchoWire.readRequest([0x10, 0x80, 0x80, 0x80, 0x80, 0x10]) == nil)  // delay_ms past 32 bits
        #expect(EchoWire.readRequest([0x0A, 0x05, 0x41]) == nil)  // truncated
        #expect(EchoWire.readRequest([])! == (0..<0, 0))
    }

    @Test("responses are the bytes SwiftProtobuf writes")
    func responsesMatchSwiftProtobuf() throws {
        var generator = TraceIDGenerator(seed: (17, 18, 19, 20))
        for name in ["", "echo-1234", "wörker"] {
            for _ in 0..<50 {
                let payload = Self.randomRequest(&generator).payload
                var response = Moodmusic_V1_EchoResponse()
                response.payload = payload
                response.servedBy = name
                #expect(EchoWire.response(payload: Array(payload)[...], servedBy: name) == (try response.serializedBytes() as [UInt8]))
            }
        }
    }
}
