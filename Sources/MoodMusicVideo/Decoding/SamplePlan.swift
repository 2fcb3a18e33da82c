/// Which instants of a clip to sample, and whether reaching the next one is cheaper by seeking.
/// Decisions only: `VideoFrameSampler` does the decoding.
public struct SamplePlan: Sendable, Equatable {
    /// Seconds between samples: 1/fps, widened when the cap would otherwise cut the clip short.
    public let interval: Double
    /// How many instants; nil when the clip's duration is unknown (sample until the data ends
    /// or `cap` frames).
    public let count: Int?
    /// The frame cap.
    public let cap: Int

    /// `duration`: seconds, nil or non-positive when the container does not say.
    public init(duration: Double?, framesPerSecond: Double, maxFrames: Int) {
        precondition(framesPerSecond > 0 && maxFrames > 0)
        cap = maxFrames
        guard let duration, duration.isFinite, duration > 0 else {
            interval = 1 / framesPerSecond
            count = nil
            return
        }
        interval = max(1 / framesPerSecond, duration / Double(maxFrames))
        // Instants 0, interval, 2·interval, … strictly before the end.
        let whole = (duration / interval).rounded(.up)
        count = Int(min(Double(maxFrames), max(1, whole)))
    }

    /// The k-th instant, in seconds from the start of the stream.
    public func target(_ k: Int) -> Double { Double(k) * interval }

    /// True when instant k exists.
    public func contains(_ k: Int) -> Bool { k >= 0 && k < (count ?? cap) }

    /// Seeking pays when the last keyframe at or before the target lies beyond what has been
    /// decoded: every frame up to that keyframe would otherwise be decoded for nothing.
    public static func shouldSeek(keyframeBeforeTarget keyframe: Double?, decodedUpTo decoded: Double?) -> Bool {
        guard let keyframe else { return false }
        guard let decoded else { return keyframe > 0 }
        return keyframe > decoded
    }

    /// The first frame at or after `target`, give or take half a frame, is the frame for it.
    public static func frame(at time: Double, serves target: Double, frameDuration: Double) -> Bool {
        time >= target - max(frameDuration / 2, 0.001)
    }
}
