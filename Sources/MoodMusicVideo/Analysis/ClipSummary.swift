import MoodMusicVocabulary

/// The clip-level figures derived from tracked frames. Every face counts in proportion to its
/// area × the seconds its frame stands for (the gap to the next sampled frame; `interval` for
/// the last), so a large face on screen for long outweighs a small or brief one.
struct ClipSummary {
    let tracks: [FaceTrackSummary]
    let dominantTrackID: Int?
    let distribution: [Float]
    let segments: [EmotionSegment]

    init(frames: [FrameResult], interval: Double, duration: Double) {
        let weights = Self.frameSeconds(frames, interval: interval)
        var clip = WeightedProbabilities()
        var perTrack: [Int: (first: Double, last: Double, frames: Int, sum: WeightedProbabilities)] = [:]
        for (frame, seconds) in zip(frames, weights) {
            for face in frame.faces {
                let weight = Double(face.box.area) * seconds
                clip.add(face.probabilities, weight: weight)
                var track = perTrack[face.trackID] ?? (frame.time, frame.time, 0, WeightedProbabilities())
                track.last = frame.time
                track.frames += 1
                track.sum.add(face.probabilities, weight: weight)
                perTrack[face.trackID] = track
            }
        }
        tracks = perTrack.keys.sorted().map { id in
            let t = perTrack[id]!
            return FaceTrackSummary(id: id, firstSeen: t.first, lastSeen: t.last, frameCount: t.frames,
                                    presence: t.sum.totalWeight, probabilities: t.sum.mean)
        }
        // Most presence wins; equal presence goes to the lower id.
        dominantTrackID = tracks.max { ($0.presence, -$0.id) < ($1.presence, -$1.id) }?.id
        distribution = clip.mean
        segments = Self.segments(frames, weights: weights, duration: duration)
    }

    static func frameSeconds(_ frames: [FrameResult], interval: Double) -> [Double] {
        frames.indices.map { i in
            i + 1 < frames.count ? max(0, frames[i + 1].time - frames[i].time) : interval
        }
    }

    /// One bucket per whole second; runs of seconds with the same most likely emotion merge. A
    /// second that no sampled frame falls in (the cap spread samples wider than a second) keeps
    /// the emotion of the second before it: nothing was seen to change there.
    static func segments(_ frames: [FrameResult], weights: [Double], duration: Double) -> [EmotionSegment] {
        guard duration > 0, duration.isFinite else { return [] }
        var buckets: [Int: WeightedProbabilities] = [:]
        for (frame, frameSeconds) in zip(frames, weights) where frame.time >= 0 && frame.time < min(duration, 1e15) {
            var bucket = buckets[Int(frame.time)] ?? WeightedProbabilities()
            for face in frame.faces { bucket.add(face.probabilities, weight: Double(face.box.area) * frameSeconds) }
            buckets[Int(frame.time)] = bucket
        }
        // Only seconds with samples can change the emotion, so the work is per sample, not per second.
        var segments: [EmotionSegment] = []
        var runStart = 0
        var run = WeightedProbabilities()
        var runEmotion: Emotion? = nil
        for second in buckets.keys.sorted() {
            let bucket = buckets[second]!
            let emotion = Emotion.mostLikely(bucket.mean)
            if emotion != runEmotion, second > 0 {
                segments.append(EmotionSegment(start: Double(runStart), end: Double(second), emotion: runEmotion, probabilities: run.mean))
                runStart = second
                run = WeightedProbabilities()
            }
            runEmotion = emotion
            run.merge(bucket)
        }
        segments.append(EmotionSegment(start: Double(runStart), end: duration, emotion: runEmotion, probabilities: run.mean))
        return segments
    }
}

/// A running weighted sum of probability vectors.
struct WeightedProbabilities {
    private(set) var sum: [Double] = []
    private(set) var totalWeight = 0.0

    mutating func add(_ probabilities: [Float], weight: Double) {
        guard weight > 0, !probabilities.isEmpty else { return }
        if sum.isEmpty { sum = [Double](repeating: 0, count: probabilities.count) }
        guard sum.count == probabilities.count else { return }
        for i in sum.indices { sum[i] += Double(probabilities[i]) * weight }
        totalWeight += weight
    }

    mutating func merge(_ other: WeightedProbabilities) {
        guard other.totalWeight > 0 else { return }
        if sum.isEmpty { sum = [Double](repeating: 0, count: other.sum.count) }
        for i in sum.indices { sum[i] += other.sum[i] }
        totalWeight += other.totalWeight
    }

    /// Sums to 1; empty when nothing was added.
    var mean: [Float] { totalWeight > 0 ? sum.map { Float($0 / totalWeight) } : [] }
}
