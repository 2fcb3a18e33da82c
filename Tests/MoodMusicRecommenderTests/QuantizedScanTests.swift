import Foundation
import MoodMusicVocabulary
import Testing
@testable import MoodMusicRecommender

/// The quantised first pass + exact re-score must give exactly the top k of scoring every track
/// exactly in Float32 (the same tracks in the same order).
@Suite struct QuantizedScanTests {
    var index: RecommenderIndex { RealCatalog.index }
    var catalog: Catalog { RealCatalog.catalog }

    @Test func quantisedRowsAreWithinTheirErrorBoundAndSlotsInvert() {
        let vectors = index.vectors
        let q = vectors.quantized
        for i in Swift.stride(from: 0, to: catalog.count, by: 7) {
            let slot = Int(q.trackSlots[i])
            #expect(q.slotTracks[slot] == Int32(i))
            let (b, lane) = slot.quotientAndRemainder(dividingBy: QuantizedRows.lanes)
            for d in 0..<QuantizedRows.dims {
                let u = Float(q.bytes[b * QuantizedRows.blockBytes + d * QuantizedRows.lanes + QuantizedRows.byteOffset(lane: lane)])
                let x = vectors.rows[i * TrackVectors.stride + d]
                #expect(abs(x - (q.low[d] + q.step[d] * u)) <= q.maxError[d])
                #expect(q.maxError[d] <= q.step[d] * 0.5001 + 1e-7)
            }
            // Every track sits in its code's blocks.
            let c = Int(vectors.codes[i])
            #expect((Int(q.groupBlockOffsets[c])..<Int(q.groupBlockOffsets[c + 1])).contains(b))
        }
        #expect(q.slotTracks.filter { $0 >= 0 }.count == catalog.count)
    }

    /// Brute force: every eligible track's exact Float32 score, best first, ties to the lower index.
    func bruteForce(_ query: RecommendationQuery) -> [(score: Float, index: Int)] {
        let vectors = index.vectors
        let targets = query.policy.targetWeights(for: query.emotionProbabilities)
        let isAffect = query.policy == .affect
        let weight = query.moodWeight ?? (isAffect ? index.ranking.affectWeight : index.ranking.moodFitWeight)
        var q = QueryVector(genreCount: vectors.genreCount)
        var members = Set<Int>()
        for e in query.playlist {
            guard let i = catalog.index(ofId: e.trackId), members.insert(i).inserted else { continue }
            vectors.add(track: i, weight: Float(index.recencyWeight(addedUnix: e.addedUnix, now: query.nowUnix!)), to: &q)
        }
        if members.isEmpty {
            for m in 0..<4 where targets[m] > 0 { q.add(soundOf: index.moodCentroids[m], weight: targets[m]) }
        }
        let scan = SimilarityScan(vectors: vectors)
        let affect: (weight: Float, target: SIMD2<Float>)? = isAffect ? (weight: weight, target: AffectSpace.target(for: query.emotionProbabilities, uplift: query.affectUplift)) : nil
        var prepared = scan.prepare(q, moodFit: isAffect ? 0 : weight, targets: targets, affect: affect)
        if members.isEmpty { scan.calibrate(&prepared, k: query.k) }
        var all: [(score: Float, index: Int)] = []
        for i in 0..<catalog.count where !members.contains(i) {
            if query.excludeExplicit && catalog.isExplicit(at: i) { continue }
            all.append((scan.exactScore(prepared, track: i), i))
        }
        all.sort { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
        return Array(all.prefix(query.k))
    }

    @Test(arguments: [0, 1, 2, 3, 4, 5])
    func firstPassPlusRescoreEqualsBruteForce(variant: Int) throws {
        let withGenres = (0..<catalog.count).filter { !catalog.genreIdSlice($0).isEmpty }
        let without = (0..<catalog.count).filter { catalog.genreIdSlice($0).isEmpty }
        let pool = variant % 2 == 0 ? withGenres : without
        let playlist = Swift.stride(from: variant * 31, to: pool.count, by: max(1, pool.count / 12)).prefix(12)
            .map { RecommendationQuery.PlaylistEntry(trackId: catalog.id(at: pool[$0]), addedUnix: 1_690_000_000 - Int64($0) * 86_400) }
        let policy: MoodPolicy = variant < 2 ? .match : variant < 4 ? .uplift : .affect
        var query = RecommendationQuery(emotionProbabilities: Emotion(rawValue: variant % 4 * 2)!.oneHot, playlist: playlist,
                                        policy: policy, k: variant == 3 ? 500 : 60, nowUnix: 1_700_000_000)
        query.excludeExplicit = variant == 1
        query.affectUplift = variant == 5
        query.moodWeight = [nil, 0.5, 1, nil, nil, 0.3][variant]
        // The brute force ranks every id: compare before deduplication and the artist cap.
        query.dedupe = false
        query.maxPerArtist = 0
        let result = try index.recommend(query)
        let expected = bruteForce(query)
        #expect(result.tracks.map(\.catalogIndex) == expected.map(\.index))
        // Result scores are recomputed as similarity + λ·fit for the report, so they may differ from
        // the ranking score in the last bit.
        for (track, reference) in zip(result.tracks, expected) { #expect(abs(track.score - reference.score) <= 1e-6) }
    }

    /// A mood profile (no playlist), with the missing-data patterns' tails lined up in the table.
    @Test(arguments: [MoodPolicy.match, .uplift, .affect])
    func withoutAPlaylistTooTheFirstPassEqualsBruteForce(policy: MoodPolicy) throws {
        var query = RecommendationQuery(emotion: .fear, policy: policy, k: 80)
        query.nowUnix = 1_700_000_000
        query.dedupe = false
        query.maxPerArtist = 0
        let result = try index.recommend(query)
        let expected = bruteForce(query)
        #expect(result.tracks.map(\.catalogIndex) == expected.map(\.index))
        for (track, reference) in zip(result.tracks, expected) { #expect(abs(track.score - reference.score) <= 1e-6) }
    }

    @Test func parallelScanEqualsSingleThreaded() throws {
        var parallel = index
        parallel.ranking.threads = 3
        let playlist = Swift.stride(from: 5, to: catalog.count, by: catalog.count / 10).map {
            RecommendationQuery.PlaylistEntry(trackId: catalog.id(at: $0))
        }
        let query = RecommendationQuery(emotionProbabilities: Emotion.fear.oneHot, playlist: playlist, policy: .uplift, k: 100,
                                        nowUnix: 1_700_000_000)
        let a = try index.recommend(query), b = try parallel.recommend(query)
        #expect(a.tracks.map(\.catalogIndex) == b.tracks.map(\.catalogIndex))
        #expect(a.tracks.map(\.score) == b.tracks.map(\.score))
        // The reused genre buffer is clean again: the same query gives the same answer.
        #expect(try index.recommend(query).tracks.map(\.score) == a.tracks.map(\.score))
    }
}
