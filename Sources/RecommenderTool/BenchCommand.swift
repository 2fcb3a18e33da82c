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
        var started = Date()
        let (catalog, probabilities) = try SyntheticBenchCatalog.make(count: synthetic, seed: seed)
        let generated = Date().timeIntervalSince(started)
        started = Date()
        let index = RecommenderIndex(catalog: catalog, moodProbabilities: probabilities,
                                     ranking: RankingSettings(threads: threads), detectDuplicates: false)
        let built = Date().timeIntervalSince(started)
        var timings: [Double] = []
        var cpuTimings: [Double] = []
        var candidates = 0
        // Synthetic tracks copy real artists ~N/50k times: a cap would measure that, not the scan.
        let drawn = SyntheticBenchCatalog.queries(catalog: catalog, count: queries + 10, playlistLength: playlistLength,
                                                  k: k, maxPerArtist: 0, seed: seed)
        for (q, query) in drawn.enumerated() {
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
        print(String(format: "synthetic tracks: %d (real catalog loaded and classified, synthetic one generated in %.2f s; index built in %.2f s), candidates %d, threads %d",
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
