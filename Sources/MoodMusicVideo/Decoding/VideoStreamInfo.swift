import MoodMusicVision

/// What the container says about the video stream that will be sampled.
public struct VideoStreamInfo: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Seconds; nil when the container does not declare it.
    public let duration: Double?
    /// Frames per second as declared; nil when unknown.
    public let frameRate: Double?
    /// FFmpeg's names, e.g. "h264" and "mov,mp4,m4a,3gp,3g2,mj2".
    public let codec: String
    public let container: String
    /// True when the container has a seek index for the stream.
    public let hasIndex: Bool
}

/// One sampled frame: its presentation time (seconds from the stream start) and its pixels.
public struct SampledFrame: Sendable {
    /// 0, 1, 2, … in sampling order.
    public let index: Int
    public let time: Double
    public let image: GrayImage
}

/// What sampling cost: decode work and seeks, so the policy can be checked and measured.
public struct SamplingStats: Sendable, Equatable {
    public var sampledFrames = 0
    public var decodedFrames = 0
    public var seeks = 0
    /// Seconds between samples actually used (see `SamplePlan.interval`).
    public var interval = 0.0
    /// Nanoseconds spent demuxing, decoding and converting to grayscale.
    public var decodeNanoseconds: UInt64 = 0
    /// Nanoseconds spent finding and classifying faces (filled in by `VideoAnalyzer`).
    public var analyzeNanoseconds: UInt64 = 0

    public init() {}
}
