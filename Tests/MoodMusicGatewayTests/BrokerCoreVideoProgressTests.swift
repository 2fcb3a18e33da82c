@testable import MoodMusicGateway
import Foundation
import MoodMusicProtos
import MoodMusicWire
import Testing

/// VideoProgress.Get: the gateway counts a video call's frames by the token the video worker
/// passes on with each DetectEmotions call, and forgets the call once it is answered.
@Suite struct BrokerCoreVideoProgressTests {
    typealias H = BrokerHarness

    static func ask(_ h: inout H, _ client: String, upload: UInt64) -> H.Answer {
        var request = Moodmusic_V1_VideoProgressRequest()
        request.uploadID = upload
        let id = h.call(client, Contract.videoProgress, payload: try! request.serializedBytes())
        let answer = H.answers(in: h.log).last!
        #expect(answer.header.requestID == id)
        return answer
    }

    static func counts(_ answer: H.Answer) throws -> Moodmusic_V1_VideoProgressResponse {
        #expect(answer.header.code == .ok, "\(answer.header.message)")
        return try Moodmusic_V1_VideoProgressResponse(serializedBytes: answer.payload)
    }

    @Test func framesAreCountedAsSentAndAnsweredUntilTheVideoCallIsAnswered() throws {
        var h = H()
        h.ready("video", services: [Contract.Services.video])
        h.ready("emotion", services: [Contract.Services.emotion], capacity: 4)
        #expect(Self.ask(&h, "c", upload: 9).header.code == .notFound)

        _ = h.call("c", Contract.analyzeVideo, payload: BrokerCoreUploadTests.chunk(9, offset: 0, [1, 2]), timeoutMs: 60_000)
        #expect(try Self.counts(Self.ask(&h, "c", upload: 9)).uploading)
        // A token the client made up is replaced by the gateway's own.
        _ = h.call("c", Contract.analyzeVideo, payload: BrokerCoreUploadTests.chunk(9, offset: 2, [3], last: true), timeoutMs: 60_000,
                   metadata: [Contract.videoProgressMetadataKey: "77"])
        let job = try #require(H.requests(in: h.log).first { $0.worker == "video" })
        let token = try #require(job.header.metadata[Contract.videoProgressMetadataKey])
        #expect(token != "77")
        var progress = try Self.counts(Self.ask(&h, "c", upload: 9))
        #expect(!progress.uploading && progress.framesDecoded == 0 && progress.framesAnalysed == 0)
        // Another connection's upload with the same id is not this one.
        #expect(Self.ask(&h, "d", upload: 9).header.code == .notFound)

        // The video worker, as a client, sends three frames with the token; one is answered.
        for _ in 0..<3 { _ = h.call("video-as-client", Contract.detectEmotions, payload: [], metadata: [Contract.videoProgressMetadataKey: token]) }
        let frames = H.requests(in: h.log).filter { $0.worker == "emotion" }
        #expect(frames.count == 3)
        h.reply("emotion", job: frames[0].jobID)
        progress = try Self.counts(Self.ask(&h, "c", upload: 9))
        #expect(progress.framesDecoded == 3 && progress.framesAnalysed == 1)
        // A failed frame is answered too; a call with a token nobody gave out counts for nothing.
        h.reply("emotion", job: frames[1].jobID, code: .invalidArgument)
        _ = h.call("x", Contract.detectEmotions, payload: [], metadata: [Contract.videoProgressMetadataKey: "999"])
        progress = try Self.counts(Self.ask(&h, "c", upload: 9))
        #expect(progress.framesDecoded == 3 && progress.framesAnalysed == 2)

        h.reply("video", job: job.jobID, payload: [])
        #expect(Self.ask(&h, "c", upload: 9).header.code == .notFound)
        #expect(h.core.progress.count == 0)
    }

    @Test func aRefusedUploadHasNoProgressAndAMalformedAskIsInvalid() throws {
        var h = H()
        // No video worker: the upload is refused, and no record is left behind.
        _ = h.call("c", Contract.analyzeVideo, payload: BrokerCoreUploadTests.chunk(4, offset: 0, [1], last: true), timeoutMs: 1000)
        #expect(H.answers(in: h.log).last?.header.code == .unavailable)
        #expect(h.core.progress.count == 0)
        #expect(Self.ask(&h, "c", upload: 4).header.code == .notFound)
        _ = h.call("c", Contract.videoProgress, payload: [0xFF])
        #expect(H.answers(in: h.log).last?.header.code == .invalidArgument)
    }
}
