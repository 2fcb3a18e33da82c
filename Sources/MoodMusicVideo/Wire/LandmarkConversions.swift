import MoodMusicProtos
import MoodMusicVision

// BlazeFace's six keypoints between the vision library and the wire (emotion.proto FaceLandmarks).

extension Moodmusic_V1_FaceLandmarks {
    public init(_ landmarks: FaceLandmarks) {
        self.init()
        rightEye = .init(landmarks.rightEye)
        leftEye = .init(landmarks.leftEye)
        noseTip = .init(landmarks.noseTip)
        mouth = .init(landmarks.mouth)
        rightEar = .init(landmarks.rightEar)
        leftEar = .init(landmarks.leftEar)
    }
}

extension Moodmusic_V1_LandmarkPoint {
    public init(_ point: ImagePoint) {
        self.init()
        x = point.x
        y = point.y
    }
}

extension FaceLandmarks {
    public init(_ wire: Moodmusic_V1_FaceLandmarks) {
        self.init(points: [wire.rightEye, wire.leftEye, wire.noseTip, wire.mouth, wire.rightEar, wire.leftEar]
            .map { ImagePoint(x: $0.x, y: $0.y) })
    }
}
