import Foundation
import Testing

import MoodMusicProtos
import MoodMusicVision
import MoodMusicVocabulary
@testable import MoodMusicVideo

/// Two seconds: a happy face, then nobody, then two faces (sad larger).
private func sampleAnalysis() -> VideoAnalysis {
    let happy = TrackedFace(trackID: 1, box: FaceBox(x: 10, y: 20, width: 30, height: 30, neighbors: 7), probabilities: Emotion.happy.oneHot)
    let sad = TrackedFace(trackID: 2, box: FaceBox(x: 100, y: 20, width: 40, height: 40), probabilities: Emotion.sad.oneHot)
    var stats = SamplingStats()
    stats.sampledFrames = 4
    stats.decodedFrames = 9
    stats.seeks = 2
    stats.interval = 0.5
    stats.decodeNanoseconds = 3_000_000
    return VideoAnalysis(width: 160, height: 90, duration: 2, interval: 0.5, frames: [
        FrameResult(index: 0, time: 0, faces: [happy]),
        FrameResult(index: 1, time: 0.5, faces: [happy]),
        FrameResult(index: 2, time: 1.0, faces: []),
        FrameResult(index: 3, time: 1.5, faces: [sad, happy]),
    ], stats: stats)
}

@Suite struct VideoProtoConversionTests {
    @Test func everyFigureReachesTheMessage() {
        let message = Moodmusic_V1_VideoAnalysis(sampleAnalysis())
        #expect(message.width == 160 && message.height == 90 && message.durationSeconds == 2 && message.sampleIntervalSeconds == 0.5)
        #expect(message.frames.map(\.timeSeconds) == [0, 0.5, 1.0, 1.5])
        #expect(message.frames[3].faces.map(\.trackID) == [2, 1])
        let face = message.frames[0].faces[0].face
        #expect(face.box.x == 10 && face.box.y == 20 && face.box.width == 30 && face.neighbors == 7)
        #expect(face.emotion == .happy && face.confidence == 1 && face.probabilities == Emotion.happy.oneHot)
        #expect(message.tracks.map(\.trackID) == [1, 2] && message.tracks[0].frameCount == 3)
        #expect(message.dominantTrackID == 1)
        #expect(message.segments.map(\.emotion) == [.happy, .sad])
        #expect(message.dominantEmotion == .happy)
        #expect(message.stats.decodedFrames == 9 && message.stats.seeks == 2 && message.stats.decodeMicros == 3000)
    }

    @Test func zeroMeansDefaultInTheRequestOptions() {
        #expect(SamplingOptions(Moodmusic_V1_VideoOptions()) == SamplingOptions())
        var options = Moodmusic_V1_VideoOptions()
        options.fps = 0.5
        options.maxFrames = 7
        #expect(SamplingOptions(options) == SamplingOptions(framesPerSecond: 0.5, maxFrames: 7))
        var live = Moodmusic_V1_LiveSessionOptions()
        #expect(LiveSessionSettings(live) == LiveSessionSettings())
        live.smoothing = 0.8
        live.idleTimeoutMs = 1500
        #expect(LiveSessionSettings(live) == LiveSessionSettings(smoothing: 0.8, idleTimeoutNanoseconds: 1_500_000_000))
    }

    @Test func liveFrameResultCarriesTheSmoothedEmotion() {
        var session = LiveSession(settings: LiveSessionSettings(smoothing: 1), now: 0)
        let result = session.add(faces: [EmotionPipeline.ScoredFace(box: FaceBox(x: 0, y: 0, width: 5, height: 5),
                                                                    probabilities: Emotion.surprise.oneHot)], at: 0)
        let message = Moodmusic_V1_LiveFrameResult(result)
        #expect(message.sequence == 0 && message.faces.count == 1 && message.smoothedEmotion == .surprise)
        #expect(message.smoothedProbabilities == Emotion.surprise.oneHot)
    }
}

@Suite struct VideoRenderingTests {
    @Test func csvHasOneRowPerFrameAndFaceWithFacelessFramesKept() {
        let lines = VideoCSV.render(Moodmusic_V1_VideoAnalysis(sampleAnalysis())).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first.map(String.init) == VideoCSV.header)
        #expect(lines.count == 1 + 5 + 1)  // header, 1 + 1 + 1 (empty frame) + 2 faces, final newline
        #expect(lines[1] == "0.000,0,1,10,20,30,30,0.0000,0.0000,0.0000,1.0000,0.0000,0.0000,0.0000")
        #expect(lines[3] == "1.000,2,,,,,,,,,,,,")
        #expect(lines[4].hasPrefix("1.500,3,2,100,20,40,40,"))
        for line in lines.dropLast() { #expect(line.split(separator: ",", omittingEmptySubsequences: false).count == 14) }
    }

    @Test func timelineListsSegmentsTracksAndTheDistribution() {
        let text = VideoTimelineText.render(Moodmusic_V1_VideoAnalysis(sampleAnalysis()))
        #expect(text.contains("video 160x90, 2.0 s, 4 frames sampled every 0.5 s (9 decoded, 2 seeks)"))
        #expect(text.contains("faces: 2 tracks, dominant track 1"))
        #expect(text.contains("     0.0 s–   1.0 s  happy"))
        #expect(text.contains("     1.0 s–   2.0 s  sad"))
        #expect(text.contains("emotion: happy"))
    }

    @Test func jsonCarriesPerFrameTimesAndFaces() throws {
        let json = try VideoJSON.render(Moodmusic_V1_VideoAnalysis(sampleAnalysis()))
        let decoded = try Moodmusic_V1_VideoAnalysis(jsonString: json)
        #expect(decoded == Moodmusic_V1_VideoAnalysis(sampleAnalysis()))
        #expect(json.contains("\"timeSeconds\":1.5") && json.contains("\"trackId\":2"))
        // Every frame entry carries its time, the first one's 0 included (proto3 JSON would drop it).
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let frames = try #require(document["frames"] as? [[String: Any]])
        #expect(!frames.isEmpty && frames.allSatisfy { $0["timeSeconds"] is NSNumber && $0["index"] is NSNumber })
    }

    @Test func progressBarFillsInProportion() {
        #expect(ProgressBar.line(done: 0, total: 4, width: 8) == "[........] 0/4 frames")
        #expect(ProgressBar.line(done: 2, total: 4, width: 8) == "[####....] 2/4 frames")
        #expect(ProgressBar.line(done: 9, total: 120, width: 10) == "[..........]   9/120 frames")
        #expect(ProgressBar.line(done: 5, total: nil) == "5 frames")
    }
}
