import MoodMusicVision
import MoodMusicVocabulary

/// A face in one sampled frame, with the track it belongs to.
public struct TrackedFace: Sendable, Equatable {
    public let trackID: Int
    public let box: FaceBox
    /// Seven probabilities, indexed by `Emotion.rawValue`.
    public let probabilities: [Float]
    /// The detector's score and keypoints, when it gives them (BlazeFace).
    public let score: Float?
    public let landmarks: FaceLandmarks?

    public init(trackID: Int, box: FaceBox, probabilities: [Float], score: Float? = nil, landmarks: FaceLandmarks? = nil) {
        self.trackID = trackID
        self.box = box
        self.probabilities = probabilities
        self.score = score
        self.landmarks = landmarks
    }

    public init(trackID: Int, face: EmotionPipeline.ScoredFace) {
        self.init(trackID: trackID, box: face.box, probabilities: face.probabilities, score: face.score, landmarks: face.landmarks)
    }

    public var emotion: Emotion? { Emotion.mostLikely(probabilities) }
}

/// One sampled frame: when it is and the faces in it (largest first).
public struct FrameResult: Sendable, Equatable {
    public let index: Int
    /// Seconds from the start of the video.
    public let time: Double
    public let faces: [TrackedFace]

    public init(index: Int, time: Double, faces: [TrackedFace]) {
        self.index = index
        self.time = time
        self.faces = faces
    }
}

/// One face followed across frames.
public struct FaceTrackSummary: Sendable, Equatable {
    public let id: Int
    public let firstSeen: Double
    public let lastSeen: Double
    public let frameCount: Int
    /// Face area × seconds on screen: how much of the clip this face is.
    public let presence: Double
    /// Probabilities averaged over the track's frames, weighted by face area and time.
    public let probabilities: [Float]

    public var emotion: Emotion? { Emotion.mostLikely(probabilities) }
}

/// A stretch of whole seconds with the same dominant emotion; nil emotion: no face in it.
public struct EmotionSegment: Sendable, Equatable {
    public let start: Double
    public let end: Double
    public let emotion: Emotion?
    /// Weighted mean over the faces in the segment; empty when there is none.
    public let probabilities: [Float]
}

/// Everything said about one clip.
public struct VideoAnalysis: Sendable {
    public let width: Int
    public let height: Int
    /// Seconds; the declared duration, or the last sample's end when the container does not say.
    public let duration: Double
    /// Seconds between samples.
    public let interval: Double
    public let frames: [FrameResult]
    public let tracks: [FaceTrackSummary]
    /// The track with the most presence; nil when no face was seen.
    public let dominantTrackID: Int?
    /// The clip's emotions over every face, weighted by face area and time; empty without faces.
    public let distribution: [Float]
    public let segments: [EmotionSegment]
    public let stats: SamplingStats

    public var dominantEmotion: Emotion? { Emotion.mostLikely(distribution) }

    public init(width: Int, height: Int, duration: Double, interval: Double, frames: [FrameResult], stats: SamplingStats) {
        self.width = width
        self.height = height
        self.duration = duration
        self.interval = interval
        self.frames = frames
        self.stats = stats
        let summary = ClipSummary(frames: frames, interval: interval, duration: duration)
        tracks = summary.tracks
        dominantTrackID = summary.dominantTrackID
        distribution = summary.distribution
        segments = summary.segments
    }
}
