/// Bounds on what one video may cost, set by the operator. Requests cannot raise them.
public struct VideoLimits: Sendable, Equatable {
    /// Largest encoded video accepted, in bytes.
    public var maxBytes: Int
    /// Largest frame accepted, in pixels (width × height).
    public var maxPixels: Int
    /// Most frames sampled from one video, whatever the rate asked for.
    public var maxFrames: Int
    /// Highest sampling rate accepted, in frames per second.
    public var maxFramesPerSecond: Double

    public init(maxBytes: Int = 256 << 20, maxPixels: Int = 3840 * 2160, maxFrames: Int = 600, maxFramesPerSecond: Double = 30) {
        self.maxBytes = maxBytes
        self.maxPixels = maxPixels
        self.maxFrames = maxFrames
        self.maxFramesPerSecond = maxFramesPerSecond
    }
}

/// What a caller asks for: a sampling rate and a frame cap (both within `VideoLimits`).
public struct SamplingOptions: Sendable, Equatable {
    public static let defaultFramesPerSecond = 2.0

    public var framesPerSecond: Double
    /// nil: the limit's `maxFrames`.
    public var maxFrames: Int?

    public init(framesPerSecond: Double = SamplingOptions.defaultFramesPerSecond, maxFrames: Int? = nil) {
        self.framesPerSecond = framesPerSecond
        self.maxFrames = maxFrames
    }

    /// The frame cap in force, after checking both values against the limits.
    public func validated(against limits: VideoLimits) throws(VideoDecodingError) -> (framesPerSecond: Double, maxFrames: Int) {
        guard framesPerSecond.isFinite, framesPerSecond > 0 else {
            throw .invalidOptions("fps must be a positive number; got \(framesPerSecond)")
        }
        guard framesPerSecond <= limits.maxFramesPerSecond else {
            throw .invalidOptions("fps must be at most \(limits.maxFramesPerSecond); got \(framesPerSecond)")
        }
        let cap = maxFrames ?? limits.maxFrames
        guard cap >= 1, cap <= limits.maxFrames else {
            throw .invalidOptions("max_frames must be in 1...\(limits.maxFrames); got \(cap)")
        }
        return (framesPerSecond, cap)
    }
}
