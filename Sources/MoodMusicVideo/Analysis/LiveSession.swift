import MoodMusicVision
import MoodMusicVocabulary

/// How a live session smooths and when it ends for lack of frames.
public struct LiveSessionSettings: Sendable, Equatable {
    public static let defaultSmoothing: Float = 0.3
    public static let defaultIdleTimeoutNanoseconds: UInt64 = 30_000_000_000

    /// Weight of the newest frame in the running emotion, in (0, 1]: 1 follows every frame, small
    /// values change slowly.
    public var smoothing: Float
    public var idleTimeoutNanoseconds: UInt64

    public init(smoothing: Float = LiveSessionSettings.defaultSmoothing,
                idleTimeoutNanoseconds: UInt64 = LiveSessionSettings.defaultIdleTimeoutNanoseconds) {
        self.smoothing = smoothing
        self.idleTimeoutNanoseconds = idleTimeoutNanoseconds
    }

    /// Nil when valid, else what is wrong (for INVALID_ARGUMENT).
    public func problem(maxIdleTimeoutNanoseconds: UInt64) -> String? {
        guard smoothing.isFinite, smoothing > 0, smoothing <= 1 else { return "smoothing must be in (0, 1]; got \(smoothing)" }
        guard idleTimeoutNanoseconds > 0, idleTimeoutNanoseconds <= maxIdleTimeoutNanoseconds else {
            return "idle timeout must be in (0, \(maxIdleTimeoutNanoseconds / 1_000_000)] ms"
        }
        return nil
    }
}

/// One frame's answer in a live session.
public struct LiveFrameResult: Sendable, Equatable {
    /// 0, 1, 2, … in arrival order.
    public let sequence: Int
    public let faces: [TrackedFace]
    /// This frame's faces averaged by area; empty when it has none.
    public let frameProbabilities: [Float]
    /// The exponential moving average over the frames so far that had faces; empty until one had.
    public let smoothedProbabilities: [Float]

    public var smoothedEmotion: Emotion? { Emotion.mostLikely(smoothedProbabilities) }
}

/// The state of one live session: tracks, the running emotion and idle bookkeeping. Time is
/// passed in (monotonic nanoseconds); nothing here reads a clock.
public struct LiveSession: Sendable {
    public let settings: LiveSessionSettings
    public private(set) var lastActivity: UInt64
    public private(set) var framesSeen = 0
    public private(set) var smoothed: [Float] = []
    private var tracker = FaceTracker()
    private let opened: UInt64

    public init(settings: LiveSessionSettings, now: UInt64) {
        self.settings = settings
        lastActivity = now
        opened = now
    }

    /// When the session ends unless another frame arrives first.
    public var deadline: UInt64 {
        let (sum, overflow) = lastActivity.addingReportingOverflow(settings.idleTimeoutNanoseconds)
        return overflow ? .max : sum
    }

    public func isExpired(at now: UInt64) -> Bool { now >= deadline }

    public mutating func add(faces: [EmotionPipeline.ScoredFace], at now: UInt64) -> LiveFrameResult {
        lastActivity = max(lastActivity, now)
        let seconds = Double(lastActivity &- opened) / 1e9
        let ids = tracker.assign(faces.map(\.box), at: seconds)
        let tracked = zip(ids, faces).map { TrackedFace(trackID: $0, face: $1) }
        var frame = WeightedProbabilities()
        for face in faces { frame.add(face.probabilities, weight: Double(face.box.area)) }
        let probabilities = frame.mean
        if !probabilities.isEmpty {
            smoothed = smoothed.count == probabilities.count
                ? zip(smoothed, probabilities).map { settings.smoothing * $1 + (1 - settings.smoothing) * $0 }
                : probabilities
        }
        defer { framesSeen += 1 }
        return LiveFrameResult(sequence: framesSeen, faces: tracked, frameProbabilities: probabilities, smoothedProbabilities: smoothed)
    }
}
