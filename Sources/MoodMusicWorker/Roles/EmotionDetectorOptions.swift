import MoodMusicProtos
import MoodMusicVocabulary
import MoodMusicVideo
import MoodMusicVision
import MoodMusicWire

/// The wire's detector choice (DetectionOptions fields 10-19) and the face fields BlazeFace fills (Face 10-19).
extension EmotionHandler {
    /// Checked before the pipeline sees them; 0 / UNSPECIFIED mean the defaults.
    static func photoOptions(_ wire: Moodmusic_V1_DetectionOptions?) throws(RPCError) -> PhotoAnalysisOptions {
        var options = PhotoAnalysisOptions(haar: try detectionOptions(wire))
        guard let wire else { return options }
        switch wire.detector {
        case .unspecified: options.detector = .default
        case .blazefaceFull: options.detector = .blazeFace(.fullRange)
        case .blazefaceShort: options.detector = .blazeFace(.shortRange)
        case .haar: options.detector = .haar
        case .UNRECOGNIZED(let value): throw .invalidArgument("detector \(value) is not a known FaceDetector")
        }
        if wire.minSize != 0 || wire.maxSize != 0 {
            options.sideRange = Int(wire.minSize)...(wire.maxSize == 0 ? Int.max : Int(wire.maxSize))
        }
        if wire.scoreThreshold != 0 {
            guard wire.scoreThreshold > 0, wire.scoreThreshold < 1 else {
                throw .invalidArgument("score_threshold must be in (0, 1); got \(wire.scoreThreshold)")
            }
            options.scoreThreshold = wire.scoreThreshold
        }
        if wire.alignFaces {
            guard options.detector != .haar else {
                throw .invalidArgument("align_faces needs a detector with landmarks (BlazeFace); the Haar cascade gives none")
            }
            options.alignFaces = true
        }
        return options
    }

    static func wireDetector(_ choice: FaceDetectorChoice) -> Moodmusic_V1_FaceDetector {
        switch choice {
        case .haar: .haar
        case .blazeFace(.fullRange): .blazefaceFull
        case .blazeFace(.shortRange): .blazefaceShort
        }
    }

    static func face(_ found: FacePipeline.Face) -> Moodmusic_V1_Face {
        var face = Moodmusic_V1_Face()
        face.box.x = Int32(found.box.x)
        face.box.y = Int32(found.box.y)
        face.box.width = Int32(found.box.width)
        face.box.height = Int32(found.box.height)
        face.neighbors = UInt32(max(0, found.box.neighbors))
        face.probabilities = found.probabilities
        let emotion = Emotion.mostLikely(found.probabilities)!
        face.emotion = Moodmusic_V1_Emotion(emotion)
        face.confidence = found.probabilities[emotion.rawValue]
        if let score = found.score { face.score = score }
        if let marks = found.landmarks { face.landmarks = Moodmusic_V1_FaceLandmarks(marks) }
        return face
    }
}
