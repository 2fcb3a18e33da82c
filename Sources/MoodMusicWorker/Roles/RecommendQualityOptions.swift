import MoodMusicProtos
import MoodMusicRecommender
import MoodMusicVocabulary
import MoodMusicWire

/// The quality options of a RecommendRequest (fields 20–39: balance, duplicates, artist cap,
/// affect, shard fetch) and the matching response fields, kept apart from the handler.
enum RecommendQualityOptions {
    /// The most candidates a gateway may ask one shard for (4 × the largest k).
    static let maxShardFetch = 4 * RecommendationQuery.maxK

    /// The shard a worker serves; nil for the whole catalog (1 shard).
    static func shard(index: Int, count: Int) throws -> ShardSpec? {
        guard count > 1 else { return nil }
        guard let spec = ShardSpec(index: index, count: count) else {
            throw RPCError.invalidArgument("shard must be I/N with 0 <= I < N <= 1024, got \(index)/\(count)")
        }
        return spec
    }

    static func policy(_ policy: Moodmusic_V1_MoodPolicy) -> MoodPolicy {
        switch policy {
        case .uplift: .uplift
        case .affect: .affect
        default: .match
        }
    }

    /// Copies the request's quality options into `query` (validated later by `query.validate()`).
    static func apply(_ request: Moodmusic_V1_RecommendRequest, to query: inout RecommendationQuery) {
        query.policy = policy(request.policy)
        if request.hasBalance { query.moodWeight = request.balance.moodWeight }
        query.dedupe = !request.keepDuplicates
        if request.noArtistCap {
            query.maxPerArtist = 0
        } else if request.maxPerArtist != 0 {
            query.maxPerArtist = Int(request.maxPerArtist)
        }
        query.affectUplift = request.affectUplift
    }

    /// Ranks for the request: the capped top k, or with `shard_fetch` the uncapped candidates a
    /// gateway merges (`ShardMerge`).
    static func rank(_ index: RecommenderIndex, _ request: Moodmusic_V1_RecommendRequest,
                     _ query: RecommendationQuery) throws(RPCError) -> RecommendationResult {
        guard request.shardFetch <= maxShardFetch else {
            throw .invalidArgument("shard_fetch must be at most \(maxShardFetch), got \(request.shardFetch)")
        }
        do {
            guard request.shardFetch != 0 else { return try index.recommend(query) }
            let ranked = try index.rankCandidates(query, fetch: Int(request.shardFetch))
            var result = ranked.result
            result.tracks = ranked.tracks
            result.maxPerArtist = query.maxPerArtist ?? index.ranking.maxPerArtist
            return result
        } catch {
            throw .invalidArgument(error.description)
        }
    }

    static func fill(_ response: inout Moodmusic_V1_RecommendResponse, result: RecommendationResult, shard: ShardSpec?) {
        response.moodWeight = result.moodWeight
        response.maxPerArtist = UInt32(result.maxPerArtist)
        response.deduplicated = result.deduplicated
        response.shard = shard?.description ?? ""
    }

    static func fill(_ out: inout Moodmusic_V1_Recommendation, track: Recommendation) {
        out.catalogIndex = UInt32(track.catalogIndex)
        out.moodFit = track.moodFit
        out.byPlaylistArtist = track.byPlaylistArtist
        out.topTerms = track.topTerms.map { term in
            var t = Moodmusic_V1_ScoreTerm()
            t.name = term.name
            t.value = term.value
            return t
        }
    }
}
