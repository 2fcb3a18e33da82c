import Testing
@testable import MoodMusicWire

@Suite struct TraceParentTests {
    @Test func parsesTheSpecExample() throws {
        let parent = try #require(TraceParent(header: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        #expect(parent.traceID == "4bf92f3577b34da6a3ce929d0e0e4736" && parent.parentID == "00f067aa0ba902b7" && parent.flags == "01")
        #expect(parent.description == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
    }

    @Test func refusesInvalidValues() {
        for bad in ["", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
                    "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                    "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                    "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"] {
            #expect(TraceParent(header: bad) == nil, "\(bad)")
        }
    }

    /// Hands out the given words in turn and counts the draws.
    struct ScriptedGenerator: RandomNumberGenerator {
        var words: [UInt64]
        var draws = 0
        mutating func next() -> UInt64 {
            defer { draws += 1 }
            return words[draws % words.count]
        }
    }

    @Test func idsTakeOneDrawPerEightBytesAndAreNeverAllZero() {
        var generator = ScriptedGenerator(words: [0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210, 0x0000_0000_0000_0001])
        let start = TraceParent.start(using: &generator)
        #expect(generator.draws == 3)
        #expect(start.traceID == "efcdab8967452301" + "1032547698badcfe")
        #expect(start.parentID == "0100000000000000")
        var zeros = ScriptedGenerator(words: [0, 0, 7])
        #expect(TraceParent.randomHex(8, &zeros) == "0700000000000000")
        #expect(zeros.draws == 3)
    }

    @Test("a new trace's header is start(using:).description, from the same draws", arguments: [
        [0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210, 0x0000_0000_0000_0001],
        [0, 0, 0, 5, 0, 9],       // an all-zero trace id and an all-zero span id are drawn again
        [UInt64.max, 0, 0, 0x80],
    ] as [[UInt64]])
    func newTraceHeaderMatchesStart(words: [UInt64]) {
        var a = ScriptedGenerator(words: words)
        var b = ScriptedGenerator(words: words)
        let header = TraceParent.newTraceHeader(using: &a)
        #expect(header == TraceParent.start(using: &b).description)
        #expect(a.draws == b.draws)
        #expect(TraceParent(header: header) != nil)
        var seeded = TraceIDGenerator(seed: (words[0], 3, 5, 7))
        var same = seeded
        #expect(TraceParent.newTraceHeader(using: &seeded) == TraceParent.start(using: &same).description)
    }

    @Test func childKeepsTraceAndNewTraceIsValid() throws {
        var generator = SystemRandomNumberGenerator()
        let start = TraceParent.start(using: &generator)
        #expect(TraceParent(header: start.description) == start)
        let child = start.child(using: &generator)
        #expect(child.traceID == start.traceID && child.parentID != start.parentID && child.flags == start.flags)
        #expect(TraceParent(header: child.description) == child)
    }
}

@Suite struct TraceParentMetadataTests {
    let spec = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    @Test func readsTheMetadataKeyAndIgnoresOtherKeysAndBadValues() {
        #expect(TraceParent(metadata: ["traceparent": spec])?.description == spec)
        #expect(TraceParent(metadata: ["traceparent": " \(spec)\t"])?.description == spec)
        #expect(TraceParent(metadata: ["Traceparent": spec]) == nil)
        #expect(TraceParent(metadata: ["traceparent": "00-xyz"]) == nil)
        #expect(TraceParent(metadata: [:]) == nil)
    }

    @Test func laterVersionsAreReadByTheirFirstFourFields() {
        #expect(TraceParent(header: "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future")?.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(TraceParent(header: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1") == nil)
    }

    @Test func childOfNothingStartsASampledTraceAndChildOfATraceKeepsIt() throws {
        let parent = try #require(TraceParent(header: spec))
        let child = TraceParent.child(of: parent)
        #expect(child.traceID == parent.traceID && child.flags == parent.flags && child.parentID != parent.parentID)
        let root = TraceParent.child(of: nil)
        #expect(root.flags == "01" && root.traceID != parent.traceID)
        #expect(TraceParent(header: root.description) == root)
        let ids = Set((0..<200).map { _ in TraceParent.child(of: parent).parentID })
        #expect(ids.count == 200)
    }

    @Test func theDiscardedSinkRecordsNothingButStillNamesAChild() throws {
        let parent = try #require(TraceParent(header: spec))
        let sink = DiscardedSpans.shared
        #expect(!sink.isRecording)
        let span = sink.begin("x", parent: parent, startNs: 0)
        #expect(span.traceID == parent.traceID && span.parentID != parent.parentID)
    }
}
