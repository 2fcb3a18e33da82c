import MoodMusicVocabulary
import MoodMusicWire

/// How recommender workers that each serve one shard of the catalog ("I/N" in READY) are pooled
/// and chosen. Each shard has its own pool, named `service#I/N`, so queueing, LRU dispatch,
/// deadlines and retries work per shard exactly as for a whole service.
enum ShardLayout {
    /// The only service whose workers may serve a shard: the recommender's catalog.
    static let shardable: Set<String> = [Contract.Services.recommender]

    /// Distinct shard pools the gateway keeps at most; a READY for one more is refused, so no
    /// worker can make the gateway's state grow without bound.
    static let maxPools = 256

    static func poolName(service: String, shard: ShardSpec) -> String { "\(service)#\(shard)" }

    /// Which shard count N to scatter over, given the live workers per shard pool. A layout with
    /// every shard live wins (the largest such N: more shards, less work each); otherwise the best
    /// covered one, so `allow_partial` or `wait_for_ready` calls still have somewhere to go.
    /// nil when no shard has a live worker.
    static func choose(live: [ShardSpec: Int]) -> Int? {
        var covered: [Int: Int] = [:]
        for (shard, workers) in live where workers > 0 { covered[shard.count, default: 0] += 1 }
        return covered.max { a, b in
            let (ca, cb) = (a.value == a.key, b.value == b.key)
            if ca != cb { return !ca }
            let (fa, fb) = (Double(a.value) / Double(a.key), Double(b.value) / Double(b.key))
            return fa != fb ? fa < fb : a.key < b.key
        }?.key
    }
}
