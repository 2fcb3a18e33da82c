import Testing

import MoodMusicVision
import MoodMusicVocabulary
@testable import MoodMusicVideo

/// Tracked frames built by hand, so every weight can be checked exactly.
private func face(_ track: Int, side: Int, _ emotion: Emotion, x: Int = 0) -> TrackedFace {
    TrackedFace(trackID: track, box: FaceBox(x: x, y: 0, width: side, height: side), probabilities: emotion.oneHot)
}

@Suite struct ClipSummaryTests {
    @Test func distributionWeighsFacesByAreaAndTime() {
        // Track 1: 20×20 happy in frames 0 and 1 (0.5 s each). Track 2: 10×10 sad in frame 2,
        // which stands for 2 s (the next sample is 2 s later: a gap the sampler left).
        let frames = [
            FrameResult(index: 0, time: 0.0, faces: [face(1, side: 20, .happy)]),
            FrameResult(index: 1, time: 0.5, faces: [face(1, side: 20, .happy)]),
            FrameResult(index: 2, time: 1.0, faces: [face(2, side: 10, .sad, x: 100)]),
            FrameResult(index: 3, time: 3.0, faces: []),
        ]
        let analysis = VideoAnalysis(width: 200, height: 100, duration: 3.5, interval: 0.5, frames: frames, stats: SamplingStats())
        let happy = 400.0 * 0.5 * 2, sad = 100.0 * 2.0
        #expect(abs(Double(analysis.distribution[Emotion.happy.rawValue]) - happy / (happy + sad)) < 1e-6)
        #expect(abs(Double(analysis.distribution[Emotion.sad.rawValue]) - sad / (happy + sad)) < 1e-6)
        #expect(analysis.dominantEmotion == .happy)
        #expect(analysis.dominantTrackID == 1)
        #expect(analysis.tracks.map(\.id) == [1, 2])
        #expect(analysis.tracks[0].frameCount == 2 && analysis.tracks[0].firstSeen == 0 && analysis.tracks[0].lastSeen == 0.5)
        #expect(analysis.tracks[0].presence == happy && analysis.tracks[1].presence == sad)
        #expect(analysis.tracks[1].emotion == .sad)
    }

    @Test func aSmallFaceOnScreenLongerCanDominate() {
        let frames = (0..<10).map { i in
            FrameResult(index: i, time: Double(i) * 0.5,
                        faces: [face(1, side: 10, .angry)] + (i == 0 ? [face(2, side: 30, .happy, x: 50)] : []))
        }
        let analysis = VideoAnalysis(width: 100, height: 100, duration: 5, interval: 0.5, frames: frames, stats: SamplingStats())
        // Track 1: 100 px² × 5 s = 500; track 2: 900 px² × 0.5 s = 450.
        #expect(analysis.dominantTrackID == 1)
        #expect(analysis.dominantEmotion == .angry)
    }

    @Test func segmentsSplitWhereTheDominantEmotionChangesAndCoverTheClip() {
        // 2 fps over 8.4 s: happy until 3 s, sad until 6 s, nobody until 7 s, surprise after.
        let frames = (0..<17).map { i -> FrameResult in
            let t = Double(i) * 0.5
            let faces: [TrackedFace] = t < 3 ? [face(1, side: 40, .happy)] : t < 6 ? [face(1, side: 40, .sad)]
                : t < 7 ? [] : [face(2, side: 40, .surprise)]
            return FrameResult(index: i, time: t, faces: faces)
        }
        let analysis = VideoAnalysis(width: 100, height: 100, duration: 8.4, interval: 0.5, frames: frames, stats: SamplingStats())
        let expected: [(Double, Double, Emotion?)] = [(0, 3, .happy), (3, 6, .sad), (6, 7, nil), (7, 8.4, .surprise)]
        #expect(analysis.segments.count == expected.count)
        for (segment, (start, end, emotion)) in zip(analysis.segments, expected) {
            #expect(segment.start == start && segment.end == end && segment.emotion == emotion)
        }
        #expect(analysis.segments[2].probabilities.isEmpty)
        #expect(analysis.segments[0].probabilities == Emotion.happy.oneHot)
    }

    @Test func secondsBetweenSparseSamplesKeepTheEmotionBeforeThem() {
        // The frame cap spread samples 3 s apart: seconds 1, 2, 4, 5, 7, 8 have no sample.
        let frames = [
            FrameResult(index: 0, time: 0, faces: [face(1, side: 40, .happy)]),
            FrameResult(index: 1, time: 3, faces: [face(1, side: 40, .happy)]),
            FrameResult(index: 2, time: 6, faces: [face(1, side: 40, .angry)]),
        ]
        let analysis = VideoAnalysis(width: 100, height: 100, duration: 9, interval: 3, frames: frames, stats: SamplingStats())
        #expect(analysis.segments.map(\.emotion) == [.happy, .angry])
        #expect(analysis.segments.map(\.end) == [6, 9])
    }

    @Test func aDeclaredDurationFarBeyondTheSamplesCostsNoMoreThanOneSegment() {
        let frames = [FrameResult(index: 0, time: 0, faces: [face(1, side: 40, .sad)])]
        let analysis = VideoAnalysis(width: 100, height: 100, duration: 1e12, interval: 0.5, frames: frames, stats: SamplingStats())
        #expect(analysis.segments.count == 1 && analysis.segments[0].emotion == .sad)
    }

    @Test func withinASecondTheLargerFaceDecides() {
        let frames = [FrameResult(index: 0, time: 0.2, faces: [face(1, side: 10, .fear), face(2, side: 30, .neutral, x: 40)])]
        let analysis = VideoAnalysis(width: 100, height: 100, duration: 1, interval: 0.5, frames: frames, stats: SamplingStats())
        #expect(analysis.segments.map(\.emotion) == [.neutral])
    }

    @Test func noFacesGiveNoTracksAnEmptyDistributionAndOneEmptySegment() {
        let frames = [FrameResult(index: 0, time: 0, faces: []), FrameResult(index: 1, time: 0.5, faces: [])]
        let analysis = VideoAnalysis(width: 10, height: 10, duration: 1.0, interval: 0.5, frames: frames, stats: SamplingStats())
        #expect(analysis.tracks.isEmpty && analysis.dominantTrackID == nil && analysis.distribution.isEmpty)
        #expect(analysis.dominantEmotion == nil)
        #expect(analysis.segments == [EmotionSegment(start: 0, end: 1, emotion: nil, probabilities: [])])
    }

    @Test func scoredFramesInAnyOrderGiveTheSameTracks() {
        let boxA = FaceBox(x: 0, y: 0, width: 50, height: 50), boxB = FaceBox(x: 200, y: 0, width: 50, height: 50)
        let scored = (0..<6).map { i in
            ScoredFrame(time: Double(i) * 0.5, faces: [EmotionPipeline.ScoredFace(box: i < 3 ? boxA : boxB, probabilities: Emotion.sad.oneHot)])
        }
        var stats = SamplingStats()
        stats.interval = 0.5
        let ordered = VideoAnalysis(width: 300, height: 100, duration: 3, scoredFrames: scored, stats: stats)
        let shuffled = VideoAnalysis(width: 300, height: 100, duration: 3, scoredFrames: scored.reversed(), stats: stats)
        #expect(ordered.frames == shuffled.frames)
        #expect(ordered.frames.map { $0.faces[0].trackID } == [1, 1, 1, 2, 2, 2])
        #expect(ordered.frames.map(\.index) == Array(0..<6))
    }
}
