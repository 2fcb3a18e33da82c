import Foundation
import Testing

import MoodMusicClient
import MoodMusicProtos
import MoodMusicTesting
import MoodMusicVision
import MoodMusicVocabulary
import MoodMusicWire
@testable import MoodMusicVideo

/// AnalyzeVideo and RecommendForVideo through real processes on loopback: a gateway, two emotion
/// workers, a video worker and a recommender. The clip is VideoTimelineTests' (faces enter, leave
/// and change expression), uploaded in small chunks so the client-streaming path is exercised.
@Suite("Video service end to end", .serialized)
struct VideoServiceEndToEndTests {
    static let maxVideoBytes = 3_000_000

    /// The emotion workers' metrics ports, to see that both took frames.
    static let emotionMetricsPorts = [freeLoopbackPort(), freeLoopbackPort()]

    func withVideoCluster(_ body: (TestCluster, MoodMusicClient) throws -> Void) throws {
        let cluster = try TestCluster(gatewayArguments: ["--max-video-bytes", "\(Self.maxVideoBytes)"])
        defer { cluster.stop() }
        for (index, port) in Self.emotionMetricsPorts.enumerated() {
            try cluster.startWorker("emotion", name: "emotion-\(index + 1)", arguments: ["--metrics-port", "\(port)", "--metrics-host", "127.0.0.1"])
        }
        try cluster.startWorker("video", name: "video-1", arguments: ["--gateway-frontend", cluster.frontend, "--video-max-pixels", "1000000"])
        try cluster.startWorker("recommender", name: "reco-1")
        try cluster.waitUntilServing(Contract.Services.emotion, workers: 2)
        try cluster.waitUntilServing(Contract.Services.video)
        try cluster.waitUntilServing(Contract.Services.recommender)
        let client = try cluster.client(timeoutMs: 120_000)
        defer { client.close() }
        try body(cluster, client)
    }

    static func code(_ body: () throws -> Void) -> (StatusCode, String)? {
        do { try body() } catch let error as RPCError { return (error.code, error.message) } catch { return (.unknown, "\(error)") }
        return nil
    }

    @Test func theTimelineFollowsTheFacesThroughTheServiceAndBadVideosGetClearErrors() throws {
        guard let modelPath = VideoTimelineTests.modelPath, FileManager.default.fileExists(atPath: modelPath) else {
            print("VideoServiceEndToEndTests: model file absent; run scripts/fetch-models. Skipping.")
            return
        }
        let clip = try VideoTimelineTests.makeClip()
        try withVideoCluster { cluster, client in
            let pacing = MoodMusicClient.UploadPacing(chunkBytes: 16 << 10, window: 3)
            var acked: [Int] = []
            var frameReports: [(decoded: Int, analysed: Int)] = []
            // The timeline's faces A and C are FER2013 crops (48 px, cut tight round the face, scaled up), which the
            // Haar cascade finds and BlazeFace mostly does not (docs/vision.md), so this part asks for the cascade;
            // the default detector is checked on the clip's real face (B) below.
            let haar = Self.videoOptions(detector: .haar)
            let analysis = try client.analyzeVideo(clip, options: haar, pacing: pacing, progress: { done, _ in acked.append(done) },
                                                   frameProgress: { frameReports.append(($0, $1)) }).analysis
            #expect(acked.count == (clip.count - 1) / (16 << 10) && acked == acked.sorted())
            // VideoProgress.Get while the frames are analysed (how many reports depends on speed).
            #expect(frameReports.allSatisfy { $0.analysed <= $0.decoded && $0.decoded <= 20 })
            #expect(frameReports.map(\.analysed) == frameReports.map(\.analysed).sorted())

            #expect(analysis.frames.map(\.timeSeconds) == stride(from: 0.0, to: 10, by: 0.5).map { $0 })
            #expect(analysis.width == 640 && analysis.height == 360 && analysis.stats.sampledFrames == 20)
            var trackOf: [String: Set<UInt32>] = [:]
            for frame in analysis.frames {
                let shown = VideoTimelineTests.regions.filter { $0.isShown(at: frame.timeSeconds) }
                #expect(frame.faces.count == shown.count, "t=\(frame.timeSeconds): \(frame.faces.map(\.face.box)) for \(shown.map(\.name))")
                for tracked in frame.faces {
                    let box = FaceBox(x: Int(tracked.face.box.x), y: Int(tracked.face.box.y),
                                      width: Int(tracked.face.box.width), height: Int(tracked.face.box.height))
                    let owners = shown.filter { $0.contains(box) }
                    #expect(owners.count == 1, "t=\(frame.timeSeconds): face \(box) is in no shown region")
                    if let owner = owners.first { trackOf[owner.name, default: []].insert(tracked.trackID) }
                }
            }
            let a = try #require(trackOf["A happy"]), c = try #require(trackOf["C"]), b = try #require(trackOf["B"])
            #expect(a.count == 1 && trackOf["A surprise"] == a && c.count == 1 && b.count == 1 && Set([a, b, c]).count == 3)
            #expect(analysis.dominantTrackID == a.first)
            let segments = analysis.segments.map { ($0.startSeconds, $0.endSeconds, $0.emotion) }
            #expect(segments.count == 4, "\(segments)")
            if segments.count == 4 {
                #expect(segments[0].0 == 0 && abs(segments[0].1 - 4) < 0.05 && segments[0].2 == .happy, "\(segments)")
                #expect(abs(segments[1].1 - 7) < 0.05 && segments[1].2 == .surprise, "\(segments)")
                #expect(abs(segments[2].1 - 8) < 0.05 && segments[2].2 == .unspecified, "\(segments)")
                #expect(abs(segments[3].1 - 10) < 0.05 && segments[3].2 != .unspecified, "\(segments)")
            }
            #expect(analysis.distribution.count == 7 && abs(analysis.distribution.reduce(0, +) - 1) < 1e-3)

            // The default detector (BlazeFace full range): the real face B in every frame that shows it, with a score
            // and landmarks, and no face outside a shown region.
            let byDefault = try client.analyzeVideo(clip, pacing: pacing).analysis
            #expect(byDefault.frames.count == 20)
            for frame in byDefault.frames {
                let shown = VideoTimelineTests.regions.filter { $0.isShown(at: frame.timeSeconds) }
                for tracked in frame.faces {
                    let box = FaceBox(x: Int(tracked.face.box.x), y: Int(tracked.face.box.y),
                                      width: Int(tracked.face.box.width), height: Int(tracked.face.box.height))
                    #expect(shown.contains { $0.contains(box) }, "t=\(frame.timeSeconds): face \(box) is in no shown region")
                    #expect(tracked.face.hasLandmarks && tracked.face.score >= 0.5)
                }
                if shown.map(\.name) == ["B"] { #expect(frame.faces.count == 1, "t=\(frame.timeSeconds): B not found by default") }
            }

            // Both emotion workers took frames: the fan-out spreads a clip over the pool.
            let detectOK = ["method": Contract.detectEmotions.path, "code": "OK"]
            let perWorker = try Self.emotionMetricsPorts.map { port in
                metricValue(try httpGet(port: port, path: "/metrics").body, name: "moodmusic_worker_requests_total", labels: detectOK) ?? 0
            }
            #expect(perWorker.allSatisfy { $0 > 0 } && perWorker.reduce(0, +) == 40, "\(perWorker)")

            // mmctl prints the same timeline, and --json carries every frame's time.
            let path = cluster.logDirectory + "/clip.mp4"
            try Data(clip).write(to: URL(fileURLWithPath: path))
            let text = try cluster.mmctl(["video", path, "--detector", "haar"])
            #expect(text.status == 0 && text.output.contains("happy") && text.output.contains("surprise") && text.output.contains("(no face)"), "\(text.output)")
            let json = try cluster.mmctl(["video", path, "--json", "--fps", "1", "--detector", "haar"])
            #expect(json.status == 0 && json.output.contains("\"timeSeconds\":0") && json.output.contains("\"timeSeconds\":9"), "\(json.output)")

            // Songs for the clip's emotion.
            var recommend = Moodmusic_V1_RecommendRequest()
            recommend.k = 5
            let songs = try client.recommendForVideo(clip, options: haar, recommend: recommend, pacing: pacing)
            #expect(songs.recommendations.tracks.count == 5 && !songs.usedNeutralFallback)
            #expect(songs.analysis.distribution == analysis.distribution)

            try expectClearErrors(client, clip: clip)
            // The service still serves after every bad video.
            #expect(try client.analyzeVideo(clip, options: { var o = Moodmusic_V1_VideoOptions(); o.fps = 1; return o }()).analysis.frames.count == 10)
        }
    }

    static func videoOptions(detector: Moodmusic_V1_FaceDetector) -> Moodmusic_V1_VideoOptions {
        var options = Moodmusic_V1_VideoOptions()
        options.detection.detector = detector
        return options
    }

    func expectClearErrors(_ client: MoodMusicClient, clip: [UInt8]) throws {
        let small = MoodMusicClient.UploadPacing(chunkBytes: 64 << 10, window: 2)
        let noise = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }
        let corrupt = Self.code { _ = try client.analyzeVideo(noise, pacing: small) }
        #expect(corrupt?.0 == .invalidArgument && corrupt?.1.contains("not a readable video container") == true, "\(String(describing: corrupt))")

        let indexed = try VideoFixtures.testPattern("indexed.mp4", seconds: 6, extra: ["-movflags", "+faststart"])
        let truncated = Self.code { _ = try client.analyzeVideo(Array(indexed.prefix(indexed.count / 2)), pacing: small) }
        #expect(truncated?.0 == .invalidArgument && truncated?.1.contains("truncated") == true, "\(String(describing: truncated))")

        let tone = try VideoFixtures.make("tone.m4a", ["-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac"])
        let audio = Self.code { _ = try client.analyzeVideo(tone, pacing: small) }
        #expect(audio?.0 == .invalidArgument && audio?.1.contains("no video stream") == true, "\(String(describing: audio))")

        let empty = Self.code { _ = try client.analyzeVideo([]) }
        #expect(empty?.0 == .invalidArgument && empty?.1.contains("empty") == true, "\(String(describing: empty))")

        // Over the gateway's byte limit: refused on the first chunk, which declares the size.
        let huge = [UInt8](repeating: 0, count: Self.maxVideoBytes + 1)
        let tooBig = Self.code { _ = try client.analyzeVideo(huge) }
        #expect(tooBig?.0 == .resourceExhausted && tooBig?.1.contains("limit") == true, "\(String(describing: tooBig))")

        // Over the video worker's pixel limit (1,000,000 here).
        let wide = try VideoFixtures.testPattern("wide.mp4", seconds: 1, size: "1280x800")
        let tooWide = Self.code { _ = try client.analyzeVideo(wide) }
        #expect(tooWide?.0 == .resourceExhausted && tooWide?.1.contains("pixels") == true, "\(String(describing: tooWide))")

        var badOptions = Moodmusic_V1_VideoOptions()
        badOptions.fps = 1000
        let tooFast = Self.code { _ = try client.analyzeVideo(clip, options: badOptions) }
        #expect(tooFast?.0 == .invalidArgument && tooFast?.1.contains("fps") == true, "\(String(describing: tooFast))")
    }
}
