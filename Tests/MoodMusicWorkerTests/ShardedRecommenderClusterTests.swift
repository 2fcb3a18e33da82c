import MoodMusicClient
import MoodMusicProtos
import MoodMusicRecommender
import MoodMusicTesting
import MoodMusicVocabulary
import MoodMusicWire
@testable import MoodMusicWorker
import Testing

/// The gateway's scatter/gather over real recommender shards (the bundled catalog, two workers
/// that each scan every other track) gives exactly what one worker over the whole catalog gives.
@Suite("Sharded recommenders through the in-process cluster", .serialized)
struct ShardedRecommenderClusterTests {
    static func requests() throws -> [Moodmusic_V1_RecommendRequest] {
        let whole = try wholeHandler()
        let catalog = whole.index.catalog
        var happy = Moodmusic_V1_RecommendRequest()
        happy.emotion = .happy
        happy.playlist = stride(from: 11, to: catalog.count, by: 4001).prefix(12).map {
            var entry = Moodmusic_V1_PlaylistEntry()
            entry.trackID = catalog.id(at: $0)
            return entry
        }
        happy.nowUnix = 1_700_000_000
        var sad = Moodmusic_V1_RecommendRequest()
        sad.emotion = .sad
        sad.policy = .uplift
        var affect = Moodmusic_V1_RecommendRequest()
        affect.emotionProbabilities = [0.1, 0, 0.05, 0.15, 0.1, 0.5, 0.1]
        affect.policy = .affect
        affect.k = 25
        var uncapped = happy
        uncapped.noArtistCap = true
        uncapped.k = 60
        return [happy, sad, affect, uncapped]
    }

    static func wholeHandler() throws -> RecommenderHandler {
        guard let handler = try LoadedHandlers.handler(for: Contract.Services.recommender) as? RecommenderHandler else {
            throw FuzzSetupError("the recommender role has no RecommenderHandler")
        }
        return handler
    }

    @Test("two shards merged by the gateway equal one whole-catalog worker; a missing shard is UNAVAILABLE or partial")
    func twoShardsEqualOneWorker() throws {
        let whole = try Self.wholeHandler()
        let shards = (0..<2).map { s in
            RecommenderHandler(index: RecommenderIndex(catalog: whole.index.catalog, moodProbabilities: whole.index.moodProbabilities,
                                                       shard: ShardSpec(index: s, count: 2)))
        }
        #expect(shards.map(\.shard) == ["0/2", "1/2"])
        let cluster = try InProcessCluster()
        defer { cluster.stop() }
        let workers = shards.enumerated().map { cluster.addWorker([$1], name: "shard-\($0)") }
        let client = try cluster.client(defaultTimeoutMs: 30_000)
        defer { client.close() }

        for request in try Self.requests() {
            let expected = try Moodmusic_V1_RecommendResponse(serializedBytes: whole.handle(payload: try request.serializedBytes(),
                                                                                             context: CallContext(method: Contract.recommend, deadlineMs: Int64.max / 2, metadata: [:])))
            let merged = try client.call(Contract.recommend, request, as: Moodmusic_V1_RecommendResponse.self, waitForReady: true)
            #expect(merged.tracks.map(\.id) == expected.tracks.map(\.id), "\(request.emotion) \(request.policy)")
            #expect(merged.tracks.map(\.score) == expected.tracks.map(\.score))
            #expect(merged.tracks.map(\.reason) == expected.tracks.map(\.reason))
            #expect(merged.candidates == expected.candidates && merged.maxPerArtist == expected.maxPerArtist)
            #expect(merged.missingShards.isEmpty && merged.shard.isEmpty)
        }

        cluster.stopWorker(workers[1])
        var request = try Self.requests()[0]
        do {
            _ = try client.call(Contract.recommend, request, as: Moodmusic_V1_RecommendResponse.self)
            Issue.record("a missing shard must not give a full answer")
        } catch {
            #expect(error.code == .unavailable && error.message.contains("1/2"), "\(error)")
        }
        request.allowPartial = true
        let partial = try client.call(Contract.recommend, request, as: Moodmusic_V1_RecommendResponse.self)
        #expect(partial.missingShards == ["1/2"])
        #expect(partial.tracks.count == 40 && partial.tracks.allSatisfy { $0.catalogIndex % 2 == 0 })
    }
}
