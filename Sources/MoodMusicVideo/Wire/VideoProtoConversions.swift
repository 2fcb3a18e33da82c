import MoodMusicProtos
import MoodMusicVision
import MoodMusicVocabulary
import MoodMusicWire

// Result types → their messages in Protos/video.proto, and the request options back.

extension Moodmusic_V1_VideoAnalysis {
    public init(_ analysis: VideoAnalysis) {
        self.init()
        width = UInt32(clamping: analysis.width)
        height = UInt32(clamping: analysis.height)
        durationSeconds = analysis.duration
        sampleIntervalSeconds = analysis.interval
        frames = analysis.frames.map { frame in
            var message = Moodmusic_V1_VideoFrame()
            message.index = UInt32(clamping: frame.index)
            message.timeSeconds = frame.time
            message.faces = frame.faces.map(Moodmusic_V1_TrackedFace.init)
            return message
        }
        tracks = analysis.tracks.map { track in
            var message = Moodmusic_V1_FaceTrack()
            message.trackID = UInt32(clamping: track.id)
            message.firstSeenSeconds = track.firstSeen
            message.lastSeenSeconds = track.lastSeen
            message.frameCount = UInt32(clamping: track.frameCount)
            message.presence = track.presence
            message.probabilities = track.probabilities
            message.emotion = .init(optional: track.emotion)
            return message
        }
        dominantTrackID = UInt32(clamping: analysis.dominantTrackID ?? 0)
        distribution = analysis.distribution
        dominantEmotion = .init(optional: analysis.dominantEmotion)
        segments = analysis.segments.map { segment in
            var message = Moodmusic_V1_EmotionSegment()
            message.startSeconds = segment.start
            message.endSeconds = segment.end
            message.emotion = .init(optional: segment.emotion)
            message.probabilities = segment.probabilities
            return message
        }
        stats.sampledFrames = UInt32(clamping: analysis.stats.sampledFrames)
        stats.decodedFrames = UInt32(clamping: analysis.stats.decodedFrames)
        stats.seeks = UInt32(clamping: analysis.stats.seeks)
        stats.decodeMicros = analysis.stats.decodeNanoseconds / 1000
        stats.analyzeMicros = analysis.stats.analyzeNanoseconds / 1000
    }
}

extension Moodmusic_V1_TrackedFace {
    public init(_ tracked: TrackedFace) {
        self.init()
        trackID = UInt32(clamping: tracked.trackID)
        face.box.x = Int32(clamping: tracked.box.x)
        face.box.y = Int32(clamping: tracked.box.y)
        face.box.width = Int32(clamping: tracked.box.width)
        face.box.height = Int32(clamping: tracked.box.height)
        face.neighbors = UInt32(clamping: max(0, tracked.box.neighbors))
        face.probabilities = tracked.probabilities
        if let emotion = tracked.emotion {
            face.emotion = Moodmusic_V1_Emotion(emotion)
            face.confidence = tracked.probabilities[emotion.rawValue]
        }
        if let score = tracked.score { face.score = score }
        if let landmarks = tracked.landmarks { face.landmarks = Moodmusic_V1_FaceLandmarks(landmarks) }
    }
}

extension Moodmusic_V1_LiveFrameResult {
    public init(_ result: LiveFrameResult) {
        self.init()
        sequence = UInt64(clamping: result.sequence)
        faces = result.faces.map(Moodmusic_V1_TrackedFace.init)
        frameProbabilities = result.frameProbabilities
        smoothedProbabilities = result.smoothedProbabilities
        smoothedEmotion = .init(optional: result.smoothedEmotion)
    }
}

extension Moodmusic_V1_Emotion {
    /// `unspecified` for nil.
    init(optional emotion: Emotion?) {
        self = emotion.map(Moodmusic_V1_Emotion.init) ?? .unspecified
    }
}

extension SamplingOptions {
    /// The wire's "0 means default"; range checks happen in `validated(against:)`.
    public init(_ message: Moodmusic_V1_VideoOptions) {
        self.init(framesPerSecond: message.fps == 0 ? SamplingOptions.defaultFramesPerSecond : Double(message.fps),
                  maxFrames: message.maxFrames == 0 ? nil : Int(message.maxFrames))
    }
}

extension LiveSessionSettings {
    /// The wire's "0 means default"; check the result with `problem(maxIdleTimeoutNanoseconds:)`.
    public init(_ message: Moodmusic_V1_LiveSessionOptions) {
        self.init(smoothing: message.smoothing == 0 ? LiveSessionSettings.defaultSmoothing : message.smoothing,
                  idleTimeoutNanoseconds: message.idleTimeoutMs == 0
                      ? LiveSessionSettings.defaultIdleTimeoutNanoseconds : UInt64(message.idleTimeoutMs) * 1_000_000)
    }
}
