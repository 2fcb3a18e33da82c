import Testing

@testable import MoodMusicWire

@Suite struct TraceIDGeneratorTests {
    @Test func followsTheXoshiro256StarStarReferenceSequence() {
        // The reference algorithm's first outputs from state {1, 2, 3, 4}.
        var generator = TraceIDGenerator(seed: (1, 2, 3, 4))
        #expect((0..<4).map { _ in generator.next() } == [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240])
    }

    @Test func anAllZeroSeedStillGivesRandomBits() {
        var generator = TraceIDGenerator(seed: (0, 0, 0, 0))
        #expect((0..<8).map { _ in generator.next() }.contains { $0 != 0 })
    }

    @Test func seededGeneratorsDifferAndIdsDoNotRepeat() {
        var a = TraceIDGenerator(), b = TraceIDGenerator()
        #expect((0..<4).map { _ in a.next() } != (0..<4).map { _ in b.next() })
        let ids = (0..<10_000).map { _ in TraceParent.child(of: nil) }
        #expect(Set(ids.map(\.traceID)).count == ids.count && Set(ids.map(\.parentID)).count == ids.count)
        #expect(ids.allSatisfy { TraceParent(header: $0.description) == $0 })
        let parent = ids[0]
        let child = TraceParent.child(of: parent)
        #expect(child.traceID == parent.traceID && child.parentID != parent.parentID)
    }
}
