/// Merges the candidate lists of several shards into what one index over the whole catalog
/// returns. Each shard answers `RecommenderIndex.rankCandidates` with the same query and fetch
/// size; their union, best first (score, then lower catalog index), holds the global top `fetch`,
/// and the artist cap applied to that list is the one a whole index applies.
public enum ShardMerge {
    public static func merge(_ lists: [[Recommendation]], fetch: Int, k: Int, maxPerArtist: Int) -> [Recommendation] {
        var seen = Set<Int>()
        let union = lists.joined().filter { seen.insert($0.catalogIndex).inserted }.sorted(by: RecommenderIndex.rankedBefore)
        return ArtistCap.apply(Array(union.prefix(fetch)), cap: maxPerArtist, k: k)
    }
}
