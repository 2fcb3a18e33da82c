import Foundation
import MoodMusicProtos
@testable import MoodMusicWire
import SwiftProtobuf
import Testing

/// The header frames' own reader and writer must agree with SwiftProtobuf on every input: the
/// same message from the same bytes, the same error for bad bytes.
@Suite("Header frames")
struct HeaderFrameTests {
    @Test("ordinary request headers take the fast reader and read as SwiftProtobuf reads them")
    func requestHeadersMatchSwiftProtobuf() throws {
        var generator = TraceIDGenerator(seed: (1, 2, 3, 4))
        for _ in 0..<500 {
            let header = Self.randomRequestHeader(&generator)
            let ours = header.headerFrame()
            #expect(try Moodmusic_V1_RequestHeader(serializedBytes: ours) == header)
            let theirs: [UInt8] = try header.serializedBytes()
            #expect(Moodmusic_V1_RequestHeader.readFast(theirs) == header)
            #expect(try Moodmusic_V1_RequestHeader(headerFrame: theirs) == header)
        }
    }

    @Test("ordinary response headers take the fast reader and read as SwiftProtobuf reads them")
    func responseHeadersMatchSwiftProtobuf() throws {
        var generator = TraceIDGenerator(seed: (5, 6, 7, 8))
        for _ in 0..<500 {
            let header = Self.randomResponseHeader(&generator)
            let ours = header.headerFrame()
            #expect(try Moodmusic_V1_ResponseHeader(serializedBytes: ours) == header)
            let theirs: [UInt8] = try header.serializedBytes()
            #expect(Moodmusic_V1_ResponseHeader.readFast(theirs) == header)
            #expect(try Moodmusic_V1_ResponseHeader(headerFrame: theirs) == header)
        }
    }

    @Test("a status code outside the contract is kept, in both directions")
    func unrecognizedStatusCodes() throws {
        for code in [Moodmusic_V1_StatusCode.UNRECOGNIZED(99), .UNRECOGNIZED(-3), .UNRECOGNIZED(Int(Int32.max))] {
            var header = Moodmusic_V1_ResponseHeader()
            header.code = code
            #expect(try Moodmusic_V1_ResponseHeader(serializedBytes: header.headerFrame()).code == code)
            #expect(try Moodmusic_V1_ResponseHeader(headerFrame: header.serializedBytes()).code == code)
        }
    }

    @Test("unknown fields go to SwiftProtobuf and are passed on")
    func unknownFieldsArePreserved() throws {
        var header = Moodmusic_V1_RequestHeader()
        header.requestID = 7
        // Field 9, varint 5: a field a later version might add.
        let bytes: [UInt8] = try header.serializedBytes() + [9 << 3, 5]
        #expect(Moodmusic_V1_RequestHeader.readFast(bytes) == nil)
        let read = try Moodmusic_V1_RequestHeader(headerFrame: bytes)
        #expect(read.requestID == 7)
        #expect(Array(read.unknownFields.data) == [9 << 3, 5])
        #expect(read.headerFrame() == bytes)
    }

    @Test("bad bytes fail the way SwiftProtobuf fails, and good ones read the same", arguments: [
        [0x08],                               // varint cut short
        [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F],  // varint past 64 bits
        [0x22, 0x05, 0x0A, 0x01, 0x61],       // map entry longer than what follows
        [0x22, 0x04, 0x0A, 0x02, 0xC3, 0x28], // key not UTF-8
        [0x10, 0x80, 0x80, 0x80, 0x80, 0x10], // timeout past 32 bits: SwiftProtobuf truncates
        [0x18, 0x02],                          // wait_for_ready 2
        [0x22, 0x00],                          // an empty map entry: key "" and value ""
        [0x0B, 0x0C],                          // a group
    ] as [[UInt8]])
    func malformedRequestHeaders(bytes: [UInt8]) {
        #expect(Self.outcome { try Moodmusic_V1_RequestHeader(headerFrame: bytes) } == Self.outcome { try Moodmusic_V1_RequestHeader(serializedBytes: bytes) })
    }

    @Test("random bytes read the same as SwiftProtobuf reads them, or fail with it")
    func randomBytesAgree() throws {
        var generator = TraceIDGenerator(seed: (9, 10, 11, 12))
        for round in 0..<4000 {
            // Mutations of valid headers reach deeper than noise does.
            var bytes: [UInt8] = round % 2 == 0
                ? Self.randomRequestHeader(&generator).headerFrame()
                : Self.randomResponseHeader(&generator).headerFrame()
            for _ in 0..<Int.random(in: 1...3, using: &generator) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if round % 7 == 0 { bytes = (0..<Int.random(in: 0...12, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) } }
            #expect(Self.outcome { try Moodmusic_V1_RequestHeader(headerFrame: bytes) } == Self.outcome { try Moodmusic_V1_RequestHeader(serializedBytes: bytes) },
                    "request header from \(bytes)")
            #expect(Self.outcome { try Moodmusic_V1_ResponseHeader(headerFrame: bytes) } == Self.outcome { try Moodmusic_V1_ResponseHeader(serializedBytes: bytes) },
                    "response header from \(bytes)")
        }
    }

    // MARK: - Helpers

    static func outcome<M: Message & Equatable>(_ read: () throws -> M) -> M? { try? read() }

    static func randomRequestHeader(_ generator: inout TraceIDGenerator) -> Moodmusic_V1_RequestHeader {
        var header = Moodmusic_V1_RequestHeader()
        if Bool.random(using: &generator) { header.requestID = randomLargeValue(&generator) }
        if Bool.random(using: &generator) { header.timeoutMs = UInt32(truncatingIfNeeded: randomLargeValue(&generator)) }
        header.waitForReady = Bool.random(using: &generator)
        header.metadata = randomMetadata(&generator)
        return header
    }

    static func randomResponseHeader(_ generator: inout TraceIDGenerator) -> Moodmusic_V1_ResponseHeader {
        var header = Moodmusic_V1_ResponseHeader()
        if Bool.random(using: &generator) { header.requestID = randomLargeValue(&generator) }
        header.code = Moodmusic_V1_StatusCode(rawValue: Int.random(in: 0...16, using: &generator))!
        if Bool.random(using: &generator) { header.message = randomText(&generator) }
        header.metadata = randomMetadata(&generator)
        return header
    }

    /// Values of every varint length, 1 to 10 bytes.
    static func randomLargeValue(_ generator: inout TraceIDGenerator) -> UInt64 {
        generator.next() >> UInt64.random(in: 0...63, using: &generator)
    }

    static func randomMetadata(_ generator: inout TraceIDGenerator) -> [String: String] {
        var metadata: [String: String] = [:]
        for _ in 0..<Int.random(in: 0...3, using: &generator) { metadata[randomText(&generator)] = randomText(&generator) }
        return metadata
    }

    /// ASCII, accented and four-byte characters, sometimes empty, sometimes past 127 bytes (a two-byte length).
    static func randomText(_ generator: inout TraceIDGenerator) -> String {
        let pieces = ["a", "traceparent", "é", "😀", "-", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", String(repeating: "x", count: 130)]
        return (0..<Int.random(in: 0...3, using: &generator)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &generator)] }.joined()
    }
}

@Suite("Protobuf scan")
struct ProtobufScanTests {
    @Test("reads the last value of a varint field past fields of every wire type")
    func readsOneField() throws {
        var request = Moodmusic_V1_EchoRequest()
        request.payload = Data(repeating: 0x10, count: 200)  // bytes that look like field 2's tag
        request.delayMs = 321
        let bytes: [UInt8] = try request.serializedBytes()
        #expect(ProtobufScan.varintField(2, in: bytes) == 321)
        #expect(ProtobufScan.varintField(2, in: bytes + [0x10, 0x07]) == 7)
        #expect(ProtobufScan.varintField(3, in: bytes) == 0)
        // Field 4 fixed64, field 5 fixed32, then field 2.
        #expect(ProtobufScan.varintField(2, in: [0x21, 1, 2, 3, 4, 5, 6, 7, 8, 0x2D, 1, 2, 3, 4, 0x10, 0x09]) == 9)
    }

    @Test("bytes it cannot read give nil", arguments: [[0x10], [0x0A, 0x05, 0x01], [0x21, 1, 2], [0x0B, 0x0C]] as [[UInt8]])
    func unreadable(bytes: [UInt8]) {
        #expect(ProtobufScan.varintField(2, in: bytes) == nil)
    }
}
