import Foundation
@testable import MoodMusicGateway
import MoodMusicProtos
import MoodMusicWire
import Testing

@Suite("RecommendForImage flow")
struct ImageRecommendationFlowTests {
    func request() throws -> [UInt8] {
        var request = Moodmusic_V1_RecommendForImageRequest()
        request.image = Data([0xFF, 0xD8, 0xFF])
        request.recommend.k = 12
        request.recommend.policy = .uplift
        request.recommend.emotion = .angry // ignored: the faces decide
        return try request.serializedBytes()
    }

    @Test("detect, then recommend for the faces' mean, then one combined answer")
    func happyPath() throws {
        var flow = try ImageRecommendationFlow(payload: try request())
        guard case .call(let first, let detectPayload) = try flow.start() else { Issue.record("no first call"); return }
        #expect(first == Contract.detectEmotions)
        #expect(try Moodmusic_V1_DetectEmotionsRequest(serializedBytes: detectPayload).image == Data([0xFF, 0xD8, 0xFF]))

        var emotions = Moodmusic_V1_DetectEmotionsResponse()
        var face = Moodmusic_V1_Face()
        face.probabilities = [0.1, 0, 0, 0.2, 0.6, 0, 0.1]
        emotions.faces = [face]
        emotions.meanProbabilities = face.probabilities
        guard case .call(let second, let recommendPayload) = flow.advance(code: .ok, message: "", payload: try emotions.serializedBytes()) else {
            Issue.record("no second call"); return
        }
        #expect(second == Contract.recommend)
        let recommend = try Moodmusic_V1_RecommendRequest(serializedBytes: recommendPayload)
        #expect(recommend.emotionProbabilities == emotions.meanProbabilities)
        #expect(recommend.emotion == .unspecified)
        #expect(recommend.k == 12)
        #expect(recommend.policy == .uplift)

        var songs = Moodmusic_V1_RecommendResponse()
        songs.tracks = [Moodmusic_V1_Recommendation()]
        guard case .finish(.success(let payload)) = flow.advance(code: .ok, message: "", payload: try songs.serializedBytes()) else {
            Issue.record("no finish"); return
        }
        let combined = try Moodmusic_V1_RecommendForImageResponse(serializedBytes: payload)
        #expect(combined.emotions == emotions)
        #expect(combined.recommendations == songs)
        #expect(!combined.usedNeutralFallback)
        #expect(combined.faceCombination == .mean)
    }

    @Test("several faces: the request's face_combination decides, and the reply names it")
    func faceCombination() throws {
        var settings = Moodmusic_V1_RecommendForImageRequest()
        settings.image = Data([0xFF, 0xD8, 0xFF])
        settings.faceCombination = .largest
        var flow = try ImageRecommendationFlow(payload: try settings.serializedBytes())
        _ = try flow.start()
        func face(_ side: Int32, _ p: [Float]) -> Moodmusic_V1_Face {
            var f = Moodmusic_V1_Face()
            f.box.width = side
            f.box.height = side
            f.probabilities = p
            return f
        }
        var emotions = Moodmusic_V1_DetectEmotionsResponse()
        emotions.faces = [face(40, [0, 0, 0, 0, 1, 0, 0]), face(200, [0, 0, 0, 1, 0, 0, 0])]
        guard case .call(_, let payload) = flow.advance(code: .ok, message: "", payload: try emotions.serializedBytes()) else {
            Issue.record("no second call"); return
        }
        #expect(try Moodmusic_V1_RecommendRequest(serializedBytes: payload).emotionProbabilities == [0, 0, 0, 1, 0, 0, 0])
        guard case .finish(.success(let final)) = flow.advance(code: .ok, message: "", payload: []) else { Issue.record("no finish"); return }
        #expect(try Moodmusic_V1_RecommendForImageResponse(serializedBytes: final).faceCombination == .largest)
    }

    @Test("no face: songs for neutral, flagged")
    func neutralFallback() throws {
        var flow = try ImageRecommendationFlow(payload: try request())
        _ = try flow.start()
        guard case .call(_, let payload) = flow.advance(code: .ok, message: "", payload: try Moodmusic_V1_DetectEmotionsResponse().serializedBytes()) else {
            Issue.record("no second call"); return
        }
        let recommend = try Moodmusic_V1_RecommendRequest(serializedBytes: payload)
        #expect(recommend.emotion == .neutral)
        #expect(recommend.emotionProbabilities.isEmpty)
        guard case .finish(.success(let final)) = flow.advance(code: .ok, message: "", payload: []) else { Issue.record("no finish"); return }
        #expect(try Moodmusic_V1_RecommendForImageResponse(serializedBytes: final).usedNeutralFallback)
    }

    @Test("the first failing step's status is the answer")
    func failure() throws {
        var flow = try ImageRecommendationFlow(payload: try request())
        _ = try flow.start()
        guard case .finish(.failure(let error)) = flow.advance(code: .invalidArgument, message: "corrupt JPEG", payload: []) else {
            Issue.record("did not fail"); return
        }
        #expect(error == RPCError(.invalidArgument, "corrupt JPEG"))
    }

    @Test("an empty image or a bad payload is INVALID_ARGUMENT up front")
    func validation() {
        #expect(throws: RPCError.invalidArgument("image is required (JPEG or PNG bytes)")) {
            try ImageRecommendationFlow(payload: try Moodmusic_V1_RecommendForImageRequest().serializedBytes())
        }
        #expect(throws: RPCError.self) { try ImageRecommendationFlow(payload: [0xFF, 0xFF, 0xFF]) }
    }
}
