import MoodMusicProtos

/// Merges the replies of recommender shards into the reply one worker over the whole catalog
/// gives. Send every shard the client's request with `shard_fetch = fetchSize(k:maxPerArtist:)`;
/// each answers its best `shard_fetch` candidates before the artist cap. Their union, best first
/// (score, then lower `catalog_index`), holds the global best `shard_fetch`; the cap applied to
/// that list is the one a single worker applies. Pure, for the gateway's scatter/gather.
public enum ShardedRecommendMerge {
    /// What to ask each shard for: 4·k with an artist cap, k without (the worker's own rule).
    public static func fetchSize(k: Int, maxPerArtist: Int) -> Int { maxPerArtist > 0 ? 4 * k : k }

    /// `k` and `maxPerArtist` as the client asked (k 0 → 40; cap from the shards' replies);
    /// `fetch`, the `shard_fetch` the shards were sent when it was more than `fetchSize` (a second
    /// round after the cap left fewer than k).
    public static func merge(_ replies: [Moodmusic_V1_RecommendResponse], k: Int, fetch sent: Int? = nil) -> Moodmusic_V1_RecommendResponse {
        var out = replies.first ?? Moodmusic_V1_RecommendResponse()
        let cap = Int(out.maxPerArtist)
        let fetch = max(sent ?? 0, fetchSize(k: k, maxPerArtist: cap))
        var seen = Set<UInt32>()
        let union = replies.flatMap(\.tracks).filter { seen.insert($0.catalogIndex).inserted }
            .sorted { $0.score > $1.score || ($0.score == $1.score && $0.catalogIndex < $1.catalogIndex) }
        out.tracks = capPerArtist(Array(union.prefix(fetch)), cap: cap, k: k)
        out.candidates = replies.reduce(0) { $0 &+ $1.candidates }
        out.computeMicros = replies.map(\.computeMicros).max() ?? 0
        out.shard = ""
        return out
    }

    /// At most `cap` songs per artist (every listed artist, case-insensitive), best first; 0 = no
    /// cap. Tracks flagged `by_playlist_artist` are kept and not counted.
    public static func capPerArtist(_ ranked: [Moodmusic_V1_Recommendation], cap: Int, k: Int) -> [Moodmusic_V1_Recommendation] {
        guard cap > 0 else { return Array(ranked.prefix(k)) }
        var counts: [String: Int] = [:]
        var kept: [Moodmusic_V1_Recommendation] = []
        for track in ranked where kept.count < k {
            if track.byPlaylistArtist {
                kept.append(track)
                continue
            }
            let artists = Set(track.artists.map { $0.lowercased() })
            guard artists.allSatisfy({ counts[$0, default: 0] < cap }) else { continue }
            for a in artists { counts[a, default: 0] += 1 }
            kept.append(track)
        }
        return kept
    }
}
