@testable import MoodMusicGateway
import Foundation
import MoodMusicProtos
import MoodMusicWire
import Testing

/// Live sessions in the core: each frame is a DetectEmotions job whose answer goes through the
/// session's moving average; sessions end on Close or after their idle timeout, state freed.
@Suite struct BrokerCoreLiveSessionTests {
    typealias H = BrokerHarness

    static func open(_ h: inout H, _ id: String, smoothing: Float = 0.5, idleMs: UInt32 = 1000) -> BrokerHarness.Answer? {
        var request = Moodmusic_V1_OpenLiveSessionRequest()
        request.sessionID = id
        request.options.smoothing = smoothing
        request.options.idleTimeoutMs = idleMs
        _ = h.call("c", Contract.openLiveSession, payload: try! request.serializedBytes())
        return H.answers(in: h.log).last
    }

    static func frame(_ h: inout H, _ id: String) -> UInt64 {
        var request = Moodmusic_V1_LiveFrameRequest()
        request.sessionID = id
        request.image = Data([0xFF, 0xD8])
        return h.call("c", Contract.liveFrame, payload: try! request.serializedBytes(), timeoutMs: 5000)
    }

    static func faces(_ probabilities: [Float]) -> [UInt8] {
        var response = Moodmusic_V1_DetectEmotionsResponse()
        var face = Moodmusic_V1_Face()
        face.box.x = 10
        face.box.y = 10
        face.box.width = 50
        face.box.height = 50
        face.probabilities = probabilities
        response.faces = [face]
        return try! response.serializedBytes()
    }

    @Test func framesGetTheirOwnResultAndTheRunningAverage() throws {
        var h = H()
        h.ready("eyes", services: [Contract.Services.emotion], capacity: 4)
        let maybeOpened = Self.open(&h, "cam")
        let opened = try #require(maybeOpened)
        #expect(opened.header.code == .ok)
        #expect(try Moodmusic_V1_OpenLiveSessionResponse(serializedBytes: opened.payload).smoothing == 0.5)

        let first = Self.frame(&h, "cam")
        let job = try #require(H.requests(in: h.log).last)
        #expect(job.method == Contract.detectEmotions.path)
        // One frame at a time per session.
        _ = Self.frame(&h, "cam")
        #expect(H.answers(in: h.log).last?.header.code == .failedPrecondition)
        h.reply("eyes", job: job.jobID, payload: Self.faces([0, 0, 0, 1, 0, 0, 0]))
        let answer1 = try #require(H.answers(in: h.log).last)
        #expect(answer1.header.requestID == first && answer1.header.code == .ok)
        let result1 = try Moodmusic_V1_LiveFrameResult(serializedBytes: answer1.payload)
        #expect(result1.smoothedProbabilities == [0, 0, 0, 1, 0, 0, 0] && result1.faces.first?.trackID == 1)

        _ = Self.frame(&h, "cam")
        let job2 = try #require(H.requests(in: h.log).last)
        h.reply("eyes", job: job2.jobID, payload: Self.faces([0, 0, 0, 0, 1, 0, 0]))
        let result2 = try Moodmusic_V1_LiveFrameResult(serializedBytes: try #require(H.answers(in: h.log).last).payload)
        #expect(result2.sequence == 1 && result2.frameProbabilities == [0, 0, 0, 0, 1, 0, 0])
        #expect(result2.smoothedProbabilities == [0, 0, 0, 0.5, 0.5, 0, 0] && result2.faces.first?.trackID == 1)

        var close = Moodmusic_V1_CloseLiveSessionRequest()
        close.sessionID = "cam"
        _ = h.call("c", Contract.closeLiveSession, payload: try close.serializedBytes())
        let closed = try #require(H.answers(in: h.log).last)
        let closedFrames = try Moodmusic_V1_CloseLiveSessionResponse(serializedBytes: closed.payload).frames
        #expect(closed.header.code == .ok && closedFrames == 2)
        #expect(h.core.liveSessionCount == 0 && h.core.live.detection.isEmpty && h.core.live.busy.isEmpty)
        _ = Self.frame(&h, "cam")
        #expect(H.answers(in: h.log).last?.header.code == .notFound)
    }

    @Test func anIdleSessionEndsAndItsStateIsFreed() throws {
        var h = H()
        h.ready("eyes", services: [Contract.Services.emotion])
        var request = Moodmusic_V1_OpenLiveSessionRequest()
        request.sessionID = "idle"
        request.options.idleTimeoutMs = 500
        request.options.detection.minSize = 40
        _ = h.call("c", Contract.openLiveSession, payload: try request.serializedBytes())
        #expect(h.core.liveSessionCount == 1 && h.core.live.detection.count == 1)
        _ = h.advance(ms: 499)
        #expect(h.core.liveSessionCount == 1)
        _ = h.advance(ms: 1)
        #expect(h.core.liveSessionCount == 0 && h.core.live.detection.isEmpty)
        _ = Self.frame(&h, "idle")
        let refused = try #require(H.answers(in: h.log).last)
        #expect(refused.header.code == .notFound && refused.header.message.contains("timed out"))
    }

    @Test func duplicatesTooManyAndBadSettingsAreRefusedWithTheirCodes() throws {
        var h = H { $0.maxLiveSessions = 1; $0.maxLiveIdleTimeoutMs = 2000 }
        var codes: [StatusCode?] = []
        codes.append(Self.open(&h, "a")?.header.code)
        codes.append(Self.open(&h, "a")?.header.code)
        codes.append(Self.open(&h, "b")?.header.code)
        codes.append(Self.open(&h, "c", idleMs: 5000)?.header.code)
        codes.append(Self.open(&h, "c", smoothing: 1.5)?.header.code)
        codes.append(Self.open(&h, "")?.header.code)
        #expect(codes == [.ok, .alreadyExists, .resourceExhausted, .invalidArgument, .invalidArgument, .invalidArgument])
        // Without an emotion worker a frame is UNAVAILABLE and the session stays usable.
        _ = Self.frame(&h, "a")
        #expect(H.answers(in: h.log).last?.header.code == .unavailable && !h.core.live.busy.contains("a"))
    }
}
