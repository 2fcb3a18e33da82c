import Foundation
import MoodMusicRecommender

/// The figures of one shard count in `bench-shards`.
struct ShardRun {
    let shardCount: Int
    /// Per query: scatter to every shard, wait for all, merge (what the gateway's caller waits).
    let wall: TimingSummary
    /// Per shard and query: the shard's thread CPU time (one worker's cost on its own host).
    let shardCPU: TimingSummary
    /// Per query: the slowest shard's thread CPU time (the critical path with one host per shard).
    let slowestShardCPU: TimingSummary
    /// Per query: the merge's thread CPU time.
    let merge: TimingSummary
    let meanResultLength: Double
    /// The merged lists of the first `keep` timed queries.
    let kept: [[Recommendation]]
    let shardsOwnTheirTracks: Bool

    static func measure(workers: ShardWorkerThreads, shardCount: Int, queries: [RecommendationQuery], warmup: Int,
                        fetch: Int, k: Int, maxPerArtist: Int, keep: Int) throws -> ShardRun {
        var wall: [Double] = [], cpu: [Double] = [], slowest: [Double] = [], merge: [Double] = []
        var kept: [[Recommendation]] = []
        var lengths = 0
        var owned = true
        for (q, query) in queries.enumerated() {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let answers = try workers.scatter(query, fetch: fetch)
            let m0 = ShardWorkerThreads.threadCPUNanoseconds()
            let merged = ShardMerge.merge(answers.map(\.tracks), fetch: fetch, k: k, maxPerArtist: maxPerArtist)
            let m1 = ShardWorkerThreads.threadCPUNanoseconds()
            let t1 = DispatchTime.now().uptimeNanoseconds
            for (s, answer) in answers.enumerated() where !answer.tracks.allSatisfy({ $0.catalogIndex % shardCount == s }) { owned = false }
            guard q >= warmup else { continue }
            wall.append(Double(t1 - t0) / 1e6)
            merge.append(Double(m1 - m0) / 1e6)
            cpu.append(contentsOf: answers.map(\.cpuMilliseconds))
            slowest.append(answers.map(\.cpuMilliseconds).max() ?? 0)
            lengths += merged.count
            if kept.count < keep { kept.append(merged) }
        }
        let timed = max(1, queries.count - warmup)
        return ShardRun(shardCount: shardCount, wall: TimingSummary(wall), shardCPU: TimingSummary(cpu),
                        slowestShardCPU: TimingSummary(slowest), merge: TimingSummary(merge),
                        meanResultLength: Double(lengths) / Double(timed), kept: kept, shardsOwnTheirTracks: owned)
    }

    func printSummary() {
        func line(_ label: String, _ t: TimingSummary) {
            print(String(format: "  %-44@ p50 %8.3f ms  p99 %8.3f ms  mean %8.3f ms", label as NSString, t.p50, t.p99, t.mean))
        }
        line("wall per query (scatter + merge)", wall)
        line("thread CPU per shard", shardCPU)
        line("thread CPU of the slowest shard per query", slowestShardCPU)
        line("thread CPU of the merge", merge)
        print(String(format: "  %d timed queries, %.1f tracks per merged list", wall.count, meanResultLength))
    }

    var json: String {
        "{\"shards\": \(shardCount), \"wall\": \(wall.json), \"shard_cpu\": \(shardCPU.json), "
            + "\"slowest_shard_cpu\": \(slowestShardCPU.json), \"merge_cpu\": \(merge.json)}"
    }
}
