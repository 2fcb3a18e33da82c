@testable import MoodMusicGateway
import Foundation
import MoodMusicProtos
import MoodMusicWire
import Testing

/// RecommendForImage through the core: detect on an emotion worker, recommend on a recommender
/// worker, one combined answer.
@Suite struct BrokerCoreFlowTests {
    @Test func recommendForImageCallsBothServicesAndAnswersOnce() throws {
        var h = H()
        h.ready("eyes", services: [Contract.Services.emotion])
        h.ready("ears", services: [Contract.Services.recommender])
        var request = Moodmusic_V1_RecommendForImageRequest()
        request.image = Data([1, 2, 3])
        request.recommend.k = 5
        let id = h.call("client", Contract.recommendForImage, payload: try request.serializedBytes(), timeoutMs: 5000)

        let detect = try #require(H.requests(in: h.log).first)
        #expect(detect.worker == "eyes")
        #expect(detect.method == Contract.detectEmotions.path)
        #expect(try Moodmusic_V1_DetectEmotionsRequest(serializedBytes: detect.payload).image == Data([1, 2, 3]))

        var emotions = Moodmusic_V1_DetectEmotionsResponse()
        var face = Moodmusic_V1_Face()
        face.probabilities = [0, 0, 0, 1, 0, 0, 0]
        emotions.faces = [face]
        emotions.meanProbabilities = face.probabilities
        h.reply("eyes", job: detect.jobID, payload: try emotions.serializedBytes())

        let recommend = try #require(H.requests(in: h.log).last)
        #expect(recommend.worker == "ears")
        let sentQuery = try Moodmusic_V1_RecommendRequest(serializedBytes: recommend.payload)
        #expect(sentQuery.emotionProbabilities == [0, 0, 0, 1, 0, 0, 0])
        #expect(sentQuery.k == 5)
        #expect(H.answers(in: h.log).isEmpty)

        var songs = Moodmusic_V1_RecommendResponse()
        songs.candidates = 42
        h.reply("ears", job: recommend.jobID, payload: try songs.serializedBytes())
        let answers = H.answers(in: h.log)
        #expect(answers.count == 1)
        #expect(answers[0].header.requestID == id)
        let combined = try Moodmusic_V1_RecommendForImageResponse(serializedBytes: answers[0].payload)
        #expect(combined.recommendations.candidates == 42)
        #expect(combined.emotions.meanProbabilities == emotions.meanProbabilities)
        #expect(h.core.flows.isEmpty)
    }

    @Test func aFailedDetectionEndsTheFlowWithItsStatus() throws {
        var h = H()
        h.ready("eyes", services: [Contract.Services.emotion])
        h.ready("ears", services: [Contract.Services.recommender])
        var request = Moodmusic_V1_RecommendForImageRequest()
        request.image = Data([9])
        _ = h.call("client", Contract.recommendForImage, payload: try request.serializedBytes())
        h.reply("eyes", job: H.requests(in: h.log)[0].jobID, code: .invalidArgument)
        #expect(H.answers(in: h.log).map(\.header.code) == [.invalidArgument])
        #expect(H.requests(in: h.log).count == 1)
        #expect(h.core.flows.isEmpty)
    }

    @Test func withoutBothWorkerKindsTheFlowIsUnavailable() throws {
        var h = H()
        h.ready("eyes", services: [Contract.Services.emotion])
        var request = Moodmusic_V1_RecommendForImageRequest()
        request.image = Data([9])
        _ = h.call("client", Contract.recommendForImage, payload: try request.serializedBytes())
        let answer = try #require(H.answers(in: h.log).first)
        #expect(answer.header.code == .unavailable)
        #expect(answer.header.message.contains(Contract.Services.recommender))
    }

    @Test func healthCountsQueuedAndRunningCalls() throws {
        var h = H()
        h.ready("a", services: [echoService])
        _ = h.echo()
        _ = h.echo()
        var check = Moodmusic_V1_HealthCheckRequest()
        check.service = echoService
        _ = h.call("client", Contract.healthCheck, payload: try check.serializedBytes())
        let answer = try #require(H.answers(in: h.log).last)
        let health = try Moodmusic_V1_HealthCheckResponse(serializedBytes: answer.payload)
        #expect(health.status == .serving)
        #expect(health.services.first?.queued == 1)
        #expect(health.services.first?.inFlight == 1)
        #expect(health.services.first?.liveWorkers == 1)
    }
}
