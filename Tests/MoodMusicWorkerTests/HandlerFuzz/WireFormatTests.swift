import Foundation
import MoodMusicProtos
import SwiftProtobuf
import Testing

@Suite("Handler fuzzer: wire records and mutator")
struct WireFormatTests {
    @Test("a real request splits into records and joins back byte for byte")
    func roundTrip() throws {
        var request = Moodmusic_V1_RecommendRequest()
        request.emotionProbabilities = [0.5, .nan, 1]
        request.nowUnix = Int64.min
        request.playlist = [Moodmusic_V1_PlaylistEntry.with { $0.trackID = "x"; $0.addedUnix = -1 }]
        request.balance.moodWeight = 0.25
        let bytes: [UInt8] = try request.serializedBytes()
        let records = try #require(WireFormat.parse(bytes))
        #expect(records.map(\.field) == [1, 3, 9, 20])
        #expect(WireFormat.serialize(records) == bytes)
    }

    @Test("damaged encodings are not records")
    func rejects() {
        #expect(WireFormat.parse([0x0A, 0x05, 0x01]) == nil)  // length past the end
        #expect(WireFormat.parse([0x08]) == nil)  // varint missing
        #expect(WireFormat.parse([0x0B]) == nil)  // wire type 3
        #expect(WireFormat.parse([]) == [])
    }

    @Test("the mutator is deterministic per seed, bounded, and changes its input")
    func mutator() {
        let seed: [UInt8] = [0x0A, 0x05, 0x68, 0x65, 0x6C, 0x6C, 0x6F, 0x10, 0x02]
        var first = SeededGenerator(seed: 7)
        var second = SeededGenerator(seed: 7)
        let mutator = ProtobufMutator(maxBytes: 4096)
        let a = (0..<200).map { _ in mutator.mutate(seed, using: &first) }
        let b = (0..<200).map { _ in mutator.mutate(seed, using: &second) }
        #expect(a == b)
        #expect(a.allSatisfy { $0.count <= 4096 })
        #expect(Set(a).count > 100)
    }
}
