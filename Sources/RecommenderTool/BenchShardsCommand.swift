import ArgumentParser
import Foundation
import MoodMusicRecommender
import MoodMusicVocabulary

/// The sharded index at scale: one synthetic catalog, then for each shard count N, N shard indexes
/// queried at once on N threads (as N workers would be), their candidate lists merged as the gateway
/// merges them. Reports per-query wall latency (scatter + merge), per-shard thread CPU (what one
/// worker on its own host pays), the merge's cost, memory, and whether the merged lists equal the
/// 1-shard lists.
struct BenchShardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-shards",
        abstract: "Time a sharded index on a synthetic catalog: N shard indexes scanned concurrently, merged."
    )

    @Option(help: "Number of synthetic tracks.")
    var synthetic = 10_000_000
    @Option(help: "Comma-separated shard counts, run in this order (the first should be 1: it is the reference).")
    var shards = "1,2,4"
    @Option(help: "Timed queries per shard count.")
    var queries = 300
    @Option(help: "Untimed warm-up queries per shard count.")
    var warmup = 10
    @Option(help: "Queries whose merged result is compared with the 1-shard result.")
    var check = 30
    @Option(help: "Playlist length per query.")
    var playlistLength = 20
    @Option(help: "k per query.")
    var k = 40
    @Option(help: "Songs per artist in the merged list (0 = no cap); the shards fetch fetchSize(k, cap).")
    var maxPerArtist = 3
    @Option(help: "Seed.")
    var seed: UInt64 = 0
    @Option(help: "Write the scan matrix (N×16 float32) and the 1-shard figures here for scripts/bench_recommender_numpy.py, and shards.json.")
    var dump: String?

    func run() throws {
        let counts = shards.split(separator: ",").compactMap { Int($0) }
        guard !counts.isEmpty, counts.allSatisfy({ ShardSpec(index: 0, count: $0) != nil }) else {
            throw ValidationError("--shards must be a comma-separated list of counts in 1...1024")
        }
        let setup = Date()
        let (catalog, probabilities) = try SyntheticBenchCatalog.make(count: synthetic, seed: seed)
        print(String(format: "synthetic tracks: %d, generated and classified in %.1f s; %@", synthetic,
                     Date().timeIntervalSince(setup), ProcessMemory.line))
        fflush(nil)
        let queryList = SyntheticBenchCatalog.queries(catalog: catalog, count: warmup + queries, playlistLength: playlistLength,
                                                      k: k, maxPerArtist: maxPerArtist, seed: seed)
        let fetch = RecommenderIndex.fetchSize(k: k, maxPerArtist: maxPerArtist)
        print("queries: \(queries) timed + \(warmup) warm-up, playlist \(playlistLength), k \(k), cap \(maxPerArtist), "
            + "fetch per shard \(fetch); \(ProcessInfo.processInfo.activeProcessorCount) cores")
        var reference: [[Recommendation]] = []
        var rows: [String] = []
        for n in counts {
            let built = Date()
            let indexes = (0..<n).map { s in
                RecommenderIndex(catalog: catalog, moodProbabilities: probabilities, ranking: RankingSettings(threads: 1),
                                 shard: ShardSpec(index: s, count: n)!, detectDuplicates: false)
            }
            print(String(format: "\n== %d shard(s): %d indexes built in %.1f s; %@", n, n, Date().timeIntervalSince(built), ProcessMemory.line))
            if n == 1, let dump {
                try FileManager.default.createDirectory(atPath: dump, withIntermediateDirectories: true)
                try indexes[0].scanMatrix().withUnsafeBufferPointer { Data(buffer: $0) }.write(to: URL(fileURLWithPath: dump + "/matrix.f32"))
            }
            fflush(nil)  // each step's lines as it happens, also when stdout is a file
            let workers = ShardWorkerThreads(shards: indexes)
            let run = try ShardRun.measure(workers: workers, shardCount: n, queries: queryList, warmup: warmup, fetch: fetch,
                                           k: k, maxPerArtist: maxPerArtist, keep: check)
            workers.stop()
            run.printSummary()
            if reference.isEmpty && n == 1 {
                reference = run.kept
            } else if !reference.isEmpty {
                let same = zip(reference, run.kept).filter { a, b in
                    a.map(\.catalogIndex) == b.map(\.catalogIndex) && a.map(\.score) == b.map(\.score)
                }.count
                print("  check: merged \(n)-shard result == 1-shard result (catalog indexes and scores) on \(same) of \(min(reference.count, run.kept.count)) queries"
                      + (same == min(reference.count, run.kept.count) ? "" : "  ** MISMATCH **"))
            }
            if !run.shardsOwnTheirTracks { print("  ** a shard returned a track outside its shard **") }
            fflush(nil)
            rows.append(run.json)
            if n == 1, let dump {
                let summary = "{\"n\": \(synthetic), \"dim\": 16, \"k\": \(k), \"queries\": \(queries), \"p50_ms\": \(run.wall.p50), "
                    + "\"p99_ms\": \(run.wall.p99), \"cpu_p50_ms\": \(run.shardCPU.p50), \"cpu_p99_ms\": \(run.shardCPU.p99)}\n"
                try summary.write(toFile: dump + "/swift.json", atomically: true, encoding: .utf8)
            }
        }
        print("\n" + ProcessMemory.line)
        if let dump {
            try ("[" + rows.joined(separator: ",\n ") + "]\n").write(toFile: dump + "/shards.json", atomically: true, encoding: .utf8)
        }
    }
}
