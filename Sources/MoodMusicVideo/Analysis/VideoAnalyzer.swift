import MoodMusicVision

/// A sampled frame's faces before tracking: what one emotion worker returns for one frame.
public struct ScoredFrame: Sendable {
    public let time: Double
    public let faces: [EmotionPipeline.ScoredFace]

    public init(time: Double, faces: [EmotionPipeline.ScoredFace]) {
        self.time = time
        self.faces = faces
    }
}

extension VideoAnalysis {
    /// Tracks faces over frames (sorted by time first, so frames analysed out of order, e.g. by
    /// several workers, give the same answer) and derives the clip figures.
    public init(width: Int, height: Int, duration: Double?, scoredFrames: [ScoredFrame], stats: SamplingStats) {
        var tracker = FaceTracker(maxGap: max(1.0, 2.5 * stats.interval))
        let ordered = scoredFrames.sorted { $0.time < $1.time }
        let frames = ordered.enumerated().map { index, frame in
            let ids = tracker.assign(frame.faces.map(\.box), at: frame.time)
            return FrameResult(index: index, time: frame.time,
                               faces: zip(ids, frame.faces).map { TrackedFace(trackID: $0, face: $1) })
        }
        let end = (ordered.last?.time ?? 0) + stats.interval
        self.init(width: width, height: height, duration: duration ?? end, interval: stats.interval, frames: frames, stats: stats)
    }
}

/// Decode, detect and classify in one process: the in-process twin of the video service.
public struct VideoAnalyzer: Sendable {
    public let pipeline: EmotionPipeline
    public let limits: VideoLimits

    public init(pipeline: EmotionPipeline, limits: VideoLimits = .init()) {
        self.pipeline = pipeline
        self.limits = limits
    }

    /// `progress(done, expected)`: after every sampled frame; expected is nil when the container
    /// declares no duration. Throws `VideoDecodingError`.
    public func analyze(_ bytes: [UInt8], sampling: SamplingOptions = .init(), detection: FaceDetectionOptions = .init(),
                        progress: ((Int, Int?) -> Void)? = nil) throws -> VideoAnalysis {
        let sampler = try VideoFrameSampler(bytes: bytes, limits: limits)
        let (fps, cap) = try sampling.validated(against: limits)
        let expected = SamplePlan(duration: sampler.info.duration, framesPerSecond: fps, maxFrames: cap).count
        var scored: [ScoredFrame] = []
        var analyzeNanoseconds: UInt64 = 0
        var stats = try sampler.sample(options: sampling) { frame in
            let started = DecodeClock.now()
            let analysis = pipeline.analyze(image: frame.image, options: detection)
            analyzeNanoseconds &+= DecodeClock.now() &- started
            scored.append(ScoredFrame(time: frame.time, faces: analysis.faces))
            progress?(scored.count, expected)
        }
        stats.analyzeNanoseconds = analyzeNanoseconds
        return VideoAnalysis(width: sampler.info.width, height: sampler.info.height, duration: sampler.info.duration,
                             scoredFrames: scored, stats: stats)
    }
}
