import Testing

import MoodMusicProtos
import MoodMusicVision
import MoodMusicVocabulary
@testable import MoodMusicVideo

/// A face's detector score and keypoints survive the trip emotion worker → video service → client.
@Suite struct VideoWireConversionTests {
    static func wireFace(landmarks: Bool) -> Moodmusic_V1_Face {
        var face = Moodmusic_V1_Face()
        face.box.x = 10
        face.box.y = 20
        face.box.width = 100
        face.box.height = 110
        face.probabilities = Emotion.happy.oneHot
        face.neighbors = landmarks ? 0 : 7
        if landmarks {
            face.score = 0.87
            face.landmarks = Moodmusic_V1_FaceLandmarks(FaceLandmarks(points: (0..<6).map { ImagePoint(x: 30 + Float($0) * 9, y: 60 + Float($0)) }))
        }
        return face
    }

    @Test func blazeFaceScoresAndLandmarksReachTheTrackedFace() throws {
        var detected = Moodmusic_V1_DetectEmotionsResponse()
        detected.faces = [Self.wireFace(landmarks: true)]
        let frame = ScoredFrame(time: 1.5, detected: detected)
        let scored = try #require(frame.faces.first)
        #expect(scored.score == 0.87)
        #expect(scored.landmarks?.points.map(\.x) == [30, 39, 48, 57, 66, 75])
        #expect(scored.landmarks?.leftEye == ImagePoint(x: 39, y: 61))

        let wire = Moodmusic_V1_TrackedFace(TrackedFace(trackID: 4, face: scored))
        #expect(wire.trackID == 4 && wire.face.score == 0.87 && wire.face.hasLandmarks)
        #expect(wire.face.landmarks == detected.faces[0].landmarks)
        #expect(wire.face.emotion == .happy)
    }

    @Test func haarFacesHaveNeitherScoreNorLandmarks() throws {
        var detected = Moodmusic_V1_DetectEmotionsResponse()
        detected.faces = [Self.wireFace(landmarks: false)]
        let scored = try #require(ScoredFrame(time: 0, detected: detected).faces.first)
        #expect(scored.score == nil && scored.landmarks == nil && scored.box.neighbors == 7)
        let wire = Moodmusic_V1_TrackedFace(TrackedFace(trackID: 1, face: scored))
        #expect(!wire.face.hasLandmarks && wire.face.score == 0 && wire.face.neighbors == 7)
    }
}
