import Foundation
import Testing

import MoodMusicVision
import MoodMusicVocabulary
@testable import MoodMusicVideo

/// A 10 s clip made with ffmpeg from FER2013 faces and a bundled photo, where faces enter,
/// leave and change expression at known times; the analysis must follow.
///
///   face A  FER2013 PublicTest record `happyRecord` (labelled happy), 160 px at (60, 100), 0–4 s,
///           then record `surpriseRecord` (labelled surprise) in the same place, 4–7 s (A changes
///           expression)
///   face C  record `secondHappyRecord` (happy), 120 px at (420, 120), 1–3 s (enters and leaves)
///   nobody  7–8 s
///   face B  the face of data/faces/astronaut.png (a 190 px crop), 200 px at (400, 80), 8–10 s
///
/// The records are ones the model scores above 0.9 for their label at this size, so the test
/// checks the timeline, not the model's accuracy.
@Suite struct VideoTimelineTests {
    static let happyRecord = 2, surpriseRecord = 61, secondHappyRecord = 4

    struct Region {
        let name: String
        let x: Int, y: Int, side: Int
        let shown: ClosedRange<Double>  // [start, end): the end is excluded below

        func isShown(at t: Double) -> Bool { t >= shown.lowerBound && t < shown.upperBound }
        func contains(_ box: FaceBox) -> Bool {
            let cx = box.x + box.width / 2, cy = box.y + box.height / 2
            return cx >= x && cx < x + side && cy >= y && cy < y + side
        }
    }

    static let regions = [
        Region(name: "A happy", x: 60, y: 100, side: 160, shown: 0...4),
        Region(name: "A surprise", x: 60, y: 100, side: 160, shown: 4...7),
        Region(name: "C", x: 420, y: 120, side: 120, shown: 1...3),
        Region(name: "B", x: 400, y: 80, side: 200, shown: 8...10),
    ]

    static let modelPath = EmotionModel.repositoryModelPath()

    static func makeClip() throws -> [UInt8] {
        let records = try FER2013Records.load(path: VideoFixtures.repositoryRoot
            .appendingPathComponent("Tests/MoodMusicVisionTests/Fixtures/emotion/fer2013-publictest-first200.bin.gz").path)
        #expect(records[happyRecord].label == .happy && records[secondHappyRecord].label == .happy)
        #expect(records[surpriseRecord].label == .surprise)
        return try VideoFixtures.withDirectory { directory in
            for (name, index) in [("a1", happyRecord), ("a2", surpriseRecord), ("c", secondHappyRecord)] {
                let image = records[index].image
                let pgm = Data("P5\n\(image.width) \(image.height)\n255\n".utf8) + Data(image.pixels)
                try pgm.write(to: directory.appendingPathComponent("\(name).pgm"))
            }
            let astronaut = VideoFixtures.repositoryRoot.appendingPathComponent("data/faces/astronaut.png").path
            let graph = [
                "[1]scale=160:160[a1]", "[2]scale=160:160[a2]", "[3]scale=120:120[c]", "[4]crop=190:190:130:20,scale=200:200[b]",
                "[0][a1]overlay=60:100:enable='lt(t,4)'[v1]",
                "[v1][a2]overlay=60:100:enable='gte(t,4)*lt(t,7)'[v2]",
                "[v2][c]overlay=420:120:enable='gte(t,1)*lt(t,3)'[v3]",
                "[v3][b]overlay=400:80:enable='gte(t,8)',format=yuv420p[out]",
            ].joined(separator: ";")
            try VideoFixtures.run([
                "-f", "lavfi", "-i", "color=c=gray:size=640x360:rate=10:duration=10",
                "-loop", "1", "-i", "a1.pgm", "-loop", "1", "-i", "a2.pgm", "-loop", "1", "-i", "c.pgm", "-loop", "1", "-i", astronaut,
                "-filter_complex", graph, "-map", "[out]", "-t", "10",
                "-c:v", "libx264", "-preset", "fast", "-crf", "18", "-g", "10", "-movflags", "+faststart", "clip.mp4",
            ], in: directory)
            return [UInt8](try Data(contentsOf: directory.appendingPathComponent("clip.mp4")))
        }
    }

    @Test func theTimelineFollowsFacesThatEnterLeaveAndChangeExpression() throws {
        guard let modelPath = Self.modelPath, FileManager.default.fileExists(atPath: modelPath) else {
            print("VideoTimelineTests: model file absent; run scripts/fetch-models. Skipping.")
            return
        }
        let pipeline = try EmotionPipeline.load(modelPath: modelPath)
        let clip = try Self.makeClip()
        let analysis = try VideoAnalyzer(pipeline: pipeline).analyze(clip)

        // Sampled every 0.5 s over the whole 10 s.
        #expect(analysis.frames.map(\.time) == stride(from: 0.0, to: 10, by: 0.5).map { $0 })
        #expect(abs(analysis.duration - 10) < 0.05 && analysis.width == 640 && analysis.height == 360)

        // A face appears only in frames where it is shown, and every shown face is found once.
        var trackOf: [String: Set<Int>] = [:]
        for frame in analysis.frames {
            let shown = Self.regions.filter { $0.isShown(at: frame.time) }
            #expect(frame.faces.count == shown.count, "t=\(frame.time): \(frame.faces.map(\.box)) for \(shown.map(\.name))")
            for face in frame.faces {
                let owners = shown.filter { $0.contains(face.box) }
                #expect(owners.count == 1, "t=\(frame.time): face \(face.box) is in no shown region")
                if let owner = owners.first { trackOf[owner.name, default: []].insert(face.trackID) }
            }
        }
        // A keeps one track through its change of expression; C and B are other faces.
        let a = try #require(trackOf["A happy"]), c = try #require(trackOf["C"]), b = try #require(trackOf["B"])
        #expect(a.count == 1 && trackOf["A surprise"] == a)
        #expect(c.count == 1 && b.count == 1 && c != a && b != a && b != c)
        #expect(analysis.dominantTrackID == a.first)

        // The segments change where the face changes: happy, surprise, nobody, then B's emotion.
        let astronaut = try pipeline.analyze(try Data(contentsOf: VideoFixtures.repositoryRoot
            .appendingPathComponent("data/faces/astronaut.png")).map { $0 })
        let bEmotion = try #require(astronaut.faces.first?.emotion)
        let expected: [(Double, Double, Emotion?)] = [(0, 4, .happy), (4, 7, .surprise), (7, 8, nil), (8, 10, bEmotion)]
        let got = analysis.segments.map { ($0.start, $0.end, $0.emotion) }
        #expect(got.count == expected.count, "\(got)")
        for (segment, want) in zip(got, expected) {
            #expect(segment.0 == want.0 && abs(segment.1 - want.1) < 0.05 && segment.2 == want.2, "\(got)")
        }
        #expect(analysis.tracks.first { $0.id == b.first }?.emotion == bEmotion)
    }
}
