import Foundation
import MoodMusicVocabulary
import Testing
@testable import MoodMusicRecommender

@Suite struct RankingTests {
    var index: RecommenderIndex { RealCatalog.index }
    var catalog: Catalog { RealCatalog.catalog }

    /// A fixed playlist of tracks that have genres and years (every 997th such track).
    static let playlist: [RecommendationQuery.PlaylistEntry] = {
        let catalog = RealCatalog.catalog
        let withGenres = (0..<catalog.count).filter { !catalog.genreIdSlice($0).isEmpty && !catalog.wasFilled($0, .releaseYear) }
        return stride(from: 0, to: withGenres.count, by: 997).prefix(15).map { .init(trackId: catalog.id(at: withGenres[$0])) }
    }()
    var playlist: [RecommendationQuery.PlaylistEntry] { Self.playlist }

    @Test func playlistTracksNeverAppear() throws {
        let query = RecommendationQuery(emotion: .happy, playlist: playlist, k: 200)
        let result = try index.recommend(query)
        let ids = Set(result.tracks.map(\.id))
        #expect(result.tracks.count == 200)
        #expect(ids.count == 200)
        #expect(ids.isDisjoint(with: playlist.map(\.trackId)))
        #expect(result.candidates == catalog.count - playlist.count)
    }

    /// With a strong mood weight the policy decides the moods; the default weight keeps the playlist first.
    @Test func matchSadGivesSadTracksWhenMoodWeighsMuch() throws {
        var query = RecommendationQuery(emotion: .sad, playlist: playlist, policy: .match, k: 20)
        query.moodWeight = 1
        let result = try index.recommend(query)
        #expect(result.targetMoods == [MoodWeight(mood: .sad, weight: 1)])
        #expect(result.tracks.allSatisfy { $0.mood == .sad })
        #expect(result.moodWeight == 1)
        query.policy = .uplift
        let uplift = try index.recommend(query)
        #expect(uplift.tracks.allSatisfy { $0.mood == .calm || $0.mood == .happy })
        query.moodWeight = 0
        let playlistOnly = try index.recommend(query)
        #expect(playlistOnly.tracks.allSatisfy { abs($0.score - $0.similarity) < 1e-6 })
    }

    @Test func moodWeightOutsideItsRangeIsAnError() {
        var query = RecommendationQuery(emotion: .sad, playlist: playlist)
        query.moodWeight = 11
        #expect(throws: RecommenderError.moodWeightOutOfRange(11)) { try index.recommend(query) }
        query.moodWeight = nil
        query.maxPerArtist = -1
        #expect(throws: RecommenderError.maxPerArtistOutOfRange(-1)) { try index.recommend(query) }
    }

    @Test func withoutPlaylistTheMoodCentroidIsUsed() throws {
        var query = RecommendationQuery(emotion: .angry, playlist: [], policy: .uplift, k: 30)
        query.moodWeight = 1
        let result = try index.recommend(query)
        #expect(result.usedMoodCentroid)
        #expect(result.tracks.count == 30)
        #expect(result.tracks.allSatisfy { $0.mood == .calm || $0.mood == .happy })
        #expect(result.tracks[0].reason.contains("mood profile"))
    }

    @Test func similaritiesAndRankingMatchADoublePrecisionBruteForce() throws {
        let now: Int64 = 1_700_000_000
        let entries = playlist.enumerated().map { i, e in
            RecommendationQuery.PlaylistEntry(trackId: e.trackId, addedUnix: i % 3 == 0 ? nil : now - Int64(i) * 40 * 86_400)
        }
        var query = RecommendationQuery(emotionProbabilities: [0.1, 0, 0.05, 0.2, 0.5, 0.05, 0.1], playlist: entries,
                                        policy: .uplift, k: 50, nowUnix: now)
        query.dedupe = false
        query.maxPerArtist = 0
        let result = try index.recommend(query)
        // Reference playlist vector: recency-weighted sum of the dense vectors, in Double.
        let dimension = index.denseVector(ofTrack: 0).count
        var q = [Double](repeating: 0, count: dimension)
        var members = Set<Int>()
        for e in entries {
            let i = catalog.index(ofId: e.trackId)!
            members.insert(i)
            let months = e.addedUnix.map { Double(now - $0) / (30.436875 * 86_400) } ?? 0
            let w = pow(1.09, -months)
            for (d, v) in index.denseVector(ofTrack: i).enumerated() { q[d] += w * Double(v) }
        }
        let qNorm = q.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let targets = query.policy.targetWeights(for: query.emotionProbabilities).map(Double.init)
        // A track's scored vector is already divided by its (expected) norm; missing groups hold
        // their expected value.
        func reference(_ i: Int) -> (similarity: Double, score: Double) {
            let v = index.scoredVector(ofTrack: i)
            var dot = 0.0
            for d in 0..<dimension where v[d] != 0 { dot += Double(v[d]) * q[d] }
            let similarity = dot / qNorm
            var fit = 0.0
            for m in 0..<4 { fit += targets[m] * Double(index.moodProbabilities[i * 4 + m]) }
            return (similarity, similarity + Double(result.moodWeight) * fit)
        }
        for t in result.tracks {
            let r = reference(t.catalogIndex)
            #expect(abs(Double(t.similarity) - r.similarity) < 1e-5)
            #expect(abs(Double(t.score) - r.score) < 1e-5)
        }
        // The same top k as scoring every track in Double (a sample of 5,000 tracks plus the results
        // keeps this fast): nothing outside the results beats the weakest result.
        let weakest = Double(result.tracks.last!.score)
        for i in stride(from: 0, to: catalog.count, by: 10) where !members.contains(i) {
            if result.tracks.contains(where: { $0.catalogIndex == i }) { continue }
            #expect(reference(i).score <= weakest + 1e-5)
        }
        #expect(zip(result.tracks, result.tracks.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test func unknownIdsAreReported() throws {
        var entries = Array(playlist.prefix(3))
        entries.insert(.init(trackId: "doesNotExist000000000A"), at: 1)
        entries.append(.init(trackId: "alsoMissing"))
        let result = try index.recommend(RecommendationQuery(emotion: .neutral, playlist: entries))
        #expect(result.unknownTrackIds == ["doesNotExist000000000A", "alsoMissing"])
        #expect(!result.usedMoodCentroid)
        let onlyUnknown = try index.recommend(RecommendationQuery(emotion: .neutral, playlist: [.init(trackId: "nope")]))
        #expect(onlyUnknown.unknownTrackIds == ["nope"])
        #expect(onlyUnknown.usedMoodCentroid)
    }

    @Test func filtersAreRespected() throws {
        var query = RecommendationQuery(emotion: .happy, playlist: playlist, k: 300)
        query.excludeExplicit = true
        query.yearMin = 1990
        query.yearMax = 1999
        let result = try index.recommend(query)
        #expect(result.tracks.count == 300)
        for t in result.tracks {
            #expect(!catalog.isExplicit(at: t.catalogIndex))
            #expect((1990...1999).contains(t.year))
        }
        let members = Set(playlist.map { catalog.index(ofId: $0.trackId)! })
        let eligible = (0..<catalog.count).filter { i in
            !catalog.isExplicit(at: i) && catalog.releaseYear(at: i).map { (1990...1999).contains($0) } == true
                && !members.contains(i)
        }
        #expect(result.candidates == eligible.count)
    }

    @Test func kBoundsAndOtherBadQueriesAreErrors() throws {
        #expect(throws: RecommenderError.kOutOfRange(0)) { try index.recommend(RecommendationQuery(emotion: .sad, k: 0)) }
        #expect(throws: RecommenderError.kOutOfRange(501)) { try index.recommend(RecommendationQuery(emotion: .sad, k: 501)) }
        #expect(try index.recommend(RecommendationQuery(emotion: .sad, k: 500)).tracks.count == 500)
        #expect(try index.recommend(RecommendationQuery(emotion: .sad)).tracks.count == 40)
        #expect(throws: RecommenderError.wrongEmotionCount(6)) {
            try index.recommend(RecommendationQuery(emotionProbabilities: [1, 0, 0, 0, 0, 0]))
        }
        #expect(throws: RecommenderError.invalidEmotionProbabilities) {
            try index.recommend(RecommendationQuery(emotionProbabilities: [0, 0, 0, 0, 0, 0, 0]))
        }
        #expect(throws: RecommenderError.emptyYearRange(min: 2000, max: 1990)) {
            try index.recommend(RecommendationQuery(emotionProbabilities: Emotion.sad.oneHot, yearMin: 2000, yearMax: 1990))
        }
    }

    @Test func resultsCarryEverythingTheProtoNeeds() throws {
        let result = try index.recommend(RecommendationQuery(emotion: .sad, playlist: playlist, policy: .uplift, k: 5))
        #expect(result.emotion == .sad)
        #expect(result.targetMoods.map(\.mood) == [.calm, .happy])
        #expect(abs(result.targetMoods.map(\.weight).reduce(0, +) - 1) < 1e-6)
        for t in result.tracks {
            #expect(t.url == "https://open.spotify.com/track/\(t.id)")
            #expect(catalog.index(ofId: t.id) == t.catalogIndex)
            #expect(t.name == catalog.name(at: t.catalogIndex) && t.artists == catalog.artists(at: t.catalogIndex))
            #expect(t.moodConfidence == index.moodProbabilities[t.catalogIndex * 4 + t.mood.rawValue])
            #expect(t.reason.contains("(uplift)") || t.reason.contains("uplift for"))
        }
    }

    @Test func policyTablesAreDistributionsAndMixesFollowProbabilities() {
        for policy in MoodPolicy.allCases {
            #expect(policy.table.count == 7)
            for row in policy.table { #expect(abs(row.reduce(0, +) - 1) < 1e-6) }
        }
        let mixed = MoodPolicy.match.targetWeights(for: [0, 0, 0, 0.5, 0.5, 0, 0])
        #expect(mixed == [0.4, 0.5, 0.1, 0])
        #expect(MoodPolicy.uplift.targetWeights(for: Emotion.sad.oneHot) == [0.4, 0, 0, 0.6])
    }

    @Test func recencyWeightsDecayPerMonth() {
        let now: Int64 = 1_700_000_000
        let month: Int64 = Int64(30.436875 * 86_400)
        #expect(index.recencyWeight(addedUnix: nil, now: now) == 1)
        #expect(abs(index.recencyWeight(addedUnix: now - 12 * month, now: now) - pow(1.09, -12)) < 1e-9)
        #expect(index.recencyWeight(addedUnix: now + month, now: now) == 1)
    }

    @Test func topKHeapKeepsTheBest() {
        var heap = TopKHeap(capacity: 3)
        for (i, s) in [0.5, 0.9, 0.1, 0.7, 0.9, 0.3].enumerated() { heap.insert(score: Float(s), index: Int32(i)) }
        #expect(heap.sorted().map(\.index) == [1, 4, 3])
    }
}
