import Testing
import MoodMusicTransport

@Suite struct AcceptFailureTests {
    @Test func parsesAnAcceptFailedMonitorEvent() throws {
        // Event 0x0040 (ACCEPT_FAILED), value 24 (EMFILE), both little-endian.
        let failure = try #require(AcceptFailure(monitorFrames: [[0x40, 0x00, 24, 0, 0, 0], Array("tcp://127.0.0.1:5555".utf8)]))
        #expect(failure == AcceptFailure(errno: 24, endpoint: "tcp://127.0.0.1:5555"))
        #expect(failure.isFileDescriptorLimit)
    }

    @Test func otherErrorsAreNotTheDescriptorLimit() throws {
        let failure = try #require(AcceptFailure(monitorFrames: [[0x40, 0x00, 103, 0, 0, 0], []]))  // ECONNABORTED
        #expect(!failure.isFileDescriptorLimit)
    }

    @Test func ignoresOtherEventsAndMalformedFrames() {
        #expect(AcceptFailure(monitorFrames: [[0x20, 0x00, 0, 0, 0, 0], []]) == nil)  // ACCEPTED
        #expect(AcceptFailure(monitorFrames: [[0x40, 0x00, 24, 0], []]) == nil)
        #expect(AcceptFailure(monitorFrames: [[0x40, 0x00, 24, 0, 0, 0]]) == nil)
        #expect(AcceptFailure(monitorFrames: []) == nil)
    }
}
