import ArgumentParser
import Foundation
import MoodMusicRecommender

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time recommend() on a synthetic catalog of N tracks that follows the committed catalog's distributions."
    )

    @Option(help: "Number of synthetic tracks.")
    var synthetic = 600_000
    @Option(help: "Timed queries.")
    var queries = 300
    @Option(help: "Playlist length per query.")
    var playlistLength = 20
    @Option(help: "k per query.")
    var k = 40
    @Option(help: "Scan threads.")
    var threads = 1
    @Option(help: "Seed.")
    var seed: UInt64 = 0
    @Option(help: "Write the scan matrix (N×16 float32), queries and timings here for scripts/bench_recommender_numpy.py.")
    var dump: String?

    static func threadCPUNanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    func run() throws {
        let (real, _) = try Catalog.load(tracksPath: DataPaths.tracks, artistsPath: DataPaths.artists)
        let (moods, _) = try MoodTrainingSet.load(path: DataPaths.moods)
        let classifier = MoodClassifier.train(on: moods)
        let realProbabilities = classifier.probabilities(for: real, threads: ProcessInfo.processInfo.activeProcessorCount)
        var started = Date()
        let (catalog, sources) = Catalog.synthetic(from: real, count: synthetic, seed: seed)
        // Synthetic tracks take their source track's mood probabilities (their features are within
        // a 2 % jitter of it), so building a 5M index does not spend a minute classifying.
        var probabilities = [Float](repeating: 0, count: synthetic * 4)
        for (i, s) in sources.enumerated() { for m in 0..<4 { probabilities[i * 4 + m] = realProbabilities[s * 4 + m] } }
        let generated = Date().timeIntervalSince(started)
        started = Date()
        let index = RecommenderIndex(catalog: catalog, moodProbabilities: probabilities,
                                     ranking: RankingSettings(threads: threads), detectDuplicates: false)
        let built = Date().timeIntervalSince(started)
        var rng = SplitMix64(seed: seed &+ 1)
        var timings: [Double] = []
        var cpuTimings: [Double] = []
        var candidates = 0
        for q in 0..<(queries + 10) {
            let playlist = (0..<playlistLength).map { _ in
                RecommendationQuery.PlaylistEntry(trackId: catalog.id(at: rng.next(below: catalog.count)))
            }
            var emotion = (0..<7).map { _ in Float(rng.next(below: 1000)) }
            emotion[rng.next(below: 7)] += 3000
            var query = RecommendationQuery(emotionProbabilities: emotion, playlist: playlist,
                                            policy: q % 2 == 0 ? .match : .uplift, k: k)
            // Synthetic tracks copy real artists ~N/50k times: a cap would measure that, not the scan.
            query.maxPerArtist = 0
            let c0 = Self.threadCPUNanoseconds()
            let t0 = DispatchTime.now().uptimeNanoseconds
            let result = try index.recommend(query)
            let t1 = DispatchTime.now().uptimeNanoseconds
            let c1 = Self.threadCPUNanoseconds()
            candidates = result.candidates
            if q >= 10 {  // the first 10 warm up
                timings.append(Double(t1 - t0) / 1e6)
                cpuTimings.append(Double(c1 - c0) / 1e6)
            }
        }
        timings.sort()
        cpuTimings.sort()
        let p50 = timings[timings.count / 2]
        let p99 = timings[min(timings.count - 1, Int(Double(timings.count) * 0.99))]
        let cpuP50 = cpuTimings[cpuTimings.count / 2]
        let cpuP99 = cpuTimings[min(cpuTimings.count - 1, Int(Double(cpuTimings.count) * 0.99))]
        print(String(format: "synthetic tracks: %d (generated in %.2f s, index built in %.2f s), candidates %d, threads %d",
                     synthetic, generated, built, candidates, threads))
        print(String(format: "recommend(): p50 %.3f ms  p99 %.3f ms  mean %.3f ms over %d queries (playlist %d, k %d)",
                     p50, p99, timings.reduce(0, +) / Double(timings.count), timings.count, playlistLength, k))
        print(String(format: "recommend() thread CPU time: p50 %.3f ms  p99 %.3f ms", cpuP50, cpuP99))
        if let dump {
            try FileManager.default.createDirectory(atPath: dump, withIntermediateDirectories: true)
            let matrix = index.scanMatrix()
            try matrix.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: URL(fileURLWithPath: dump + "/matrix.f32"))
            let summary = "{\"n\": \(synthetic), \"dim\": 16, \"k\": \(k), \"queries\": \(timings.count), \"p50_ms\": \(p50), \"p99_ms\": \(p99), \"cpu_p50_ms\": \(cpuP50), \"cpu_p99_ms\": \(cpuP99)}\n"
            try summary.write(toFile: dump + "/swift.json", atomically: true, encoding: .utf8)
        }
    }
}
