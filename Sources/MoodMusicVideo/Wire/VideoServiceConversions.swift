import MoodMusicProtos
import MoodMusicVision
import MoodMusicWire

// What a video service needs between the wire and the analysis: a DetectEmotions reply as a
// scored frame, and decoding errors as statuses.

extension ScoredFrame {
    /// The faces of an emotion worker's reply for the frame sampled at `time`.
    public init(time: Double, detected: Moodmusic_V1_DetectEmotionsResponse) {
        self.init(time: time, faces: detected.faces.map { face in
            EmotionPipeline.ScoredFace(box: FaceBox(x: Int(face.box.x), y: Int(face.box.y), width: Int(face.box.width),
                                                    height: Int(face.box.height), neighbors: Int(face.neighbors)),
                                       probabilities: face.probabilities, score: face.hasLandmarks ? face.score : nil,
                                       landmarks: face.hasLandmarks ? FaceLandmarks(face.landmarks) : nil)
        })
    }
}

extension RPCError {
    /// RESOURCE_EXHAUSTED for a video over a limit, INVALID_ARGUMENT for every other decoding problem.
    public init(_ error: VideoDecodingError) {
        self.init(error.isOverLimit ? .resourceExhausted : .invalidArgument, "video: \(error.description)")
    }
}
