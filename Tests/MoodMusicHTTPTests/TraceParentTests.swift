import Testing
@testable import MoodMusicHTTP

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

    @Test func childKeepsTraceAndNewTraceIsValid() throws {
        var generator = SystemRandomNumberGenerator()
        let start = TraceParent.start(using: &generator)
        #expect(TraceParent(header: start.description) == start)
        let child = start.child(using: &generator)
        #expect(child.traceID == start.traceID && child.parentID != start.parentID && child.flags == start.flags)
        #expect(TraceParent(header: child.description) == child)
    }
}
