import Foundation
import MoodMusicVocabulary
import Testing
@testable import MoodMusicRecommender

/// Two shards (every other track), merged, give exactly what one index over the whole catalog gives.
@Suite struct ShardTests {
    static let shards: [RecommenderIndex] = (0..<2).map { s in
        RecommenderIndex(catalog: RealCatalog.catalog, moodProbabilities: RealCatalog.index.moodProbabilities,
                         shard: ShardSpec(index: s, count: 2))
    }

    @Test func shardSpecsParseAndPartition() {
        #expect(ShardSpec("1/4") == ShardSpec(index: 1, count: 4))
        #expect(ShardSpec("4/4") == nil && ShardSpec("-1/2") == nil && ShardSpec("1") == nil && ShardSpec("0/0") == nil)
        let specs = (0..<3).map { ShardSpec(index: $0, count: 3)! }
        for track in 0..<30 { #expect(specs.filter { $0.contains(track) }.count == 1) }
    }

    @Test(arguments: [(Emotion.happy, MoodPolicy.match, true), (.sad, .uplift, true), (.angry, .affect, false), (.neutral, .match, false)])
    func twoShardsMergedEqualOneIndex(emotion: Emotion, policy: MoodPolicy, withPlaylist: Bool) throws {
        let whole = RealCatalog.index
        let query = RecommendationQuery(emotion: emotion, playlist: withPlaylist ? RankingTests.playlist : [], policy: policy, k: 40)
        let expected = try whole.recommend(query)
        let fetch = RecommenderIndex.fetchSize(k: 40, maxPerArtist: 3)
        let lists = try Self.shards.map { try $0.rankCandidates(query, fetch: fetch).tracks }
        for (s, list) in lists.enumerated() { #expect(list.allSatisfy { $0.catalogIndex % 2 == s }) }
        let merged = ShardMerge.merge(lists, fetch: fetch, k: 40, maxPerArtist: 3)
        #expect(merged.map(\.catalogIndex) == expected.tracks.map(\.catalogIndex))
        #expect(merged.map(\.score) == expected.tracks.map(\.score))
        let candidates = try Self.shards.map { try $0.recommend(query).candidates }.reduce(0, +)
        #expect(candidates == expected.candidates)
    }
}
