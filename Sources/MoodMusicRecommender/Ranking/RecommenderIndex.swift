import Foundation
import MoodMusicVocabulary

/// A catalog ready for ranking: every track has a mood (with probabilities) and a normalised
/// feature vector. Immutable after construction, so one index can serve many threads.
public struct RecommenderIndex: Sendable {
    public let catalog: Catalog
    public let weights: FeatureWeights
    public var ranking: RankingSettings
    /// Per track, the four mood probabilities (indexed by `MusicMood.rawValue`).
    public let moodProbabilities: [Float]
    /// Per track, the most probable mood.
    public let moods: [MusicMood]
    let vectors: TrackVectors
    /// Per mood, the mean vector of the tracks with that mood (used without a playlist).
    let moodCentroids: [QueryVector]
    /// Count of tracks by (year slot, explicit), for the candidate count without a pass.
    private let yearExplicitCounts: [[Int]]
    /// Reusable per-query buffers (genre scatter), so a query allocates nothing catalog-sized.
    let scratchPool: ScanScratchPool

    /// Classifies every track with `classifier` and builds the vectors.
    public init(catalog: Catalog, classifier: MoodClassifier, weights: FeatureWeights = .init(),
                ranking: RankingSettings = .init(), buildThreads: Int = 1) {
        self.init(catalog: catalog, moodProbabilities: classifier.probabilities(for: catalog, threads: buildThreads),
                  weights: weights, ranking: ranking)
    }

    /// Builds the index from mood probabilities computed earlier (4 per track, e.g. from a cache).
    public init(catalog: Catalog, moodProbabilities: [Float], weights: FeatureWeights = .init(), ranking: RankingSettings = .init()) {
        precondition(moodProbabilities.count == catalog.count * MusicMood.allCases.count)
        self.catalog = catalog
        self.weights = weights
        self.ranking = ranking
        self.moodProbabilities = moodProbabilities
        let moods = (0..<catalog.count).map { i in
            var best = 0
            for m in 1..<4 where moodProbabilities[i * 4 + m] > moodProbabilities[i * 4 + best] { best = m }
            return MusicMood(rawValue: best)!
        }
        self.moods = moods
        let vectors = TrackVectors(catalog: catalog, moodProbabilities: moodProbabilities, moods: moods, weights: weights)
        self.vectors = vectors
        scratchPool = ScanScratchPool(count: vectors.quantized.blockCount * QuantizedRows.lanes)
        var centroids = MusicMood.allCases.map { _ in QueryVector(genreCount: vectors.genreCount) }
        var counts = [Int](repeating: 0, count: 4)
        for i in 0..<catalog.count {
            vectors.add(track: i, weight: 1, to: &centroids[moods[i].rawValue])
            counts[moods[i].rawValue] += 1
        }
        moodCentroids = zip(centroids, counts).map { centroid, count in
            var mean = QueryVector(genreCount: vectors.genreCount)
            mean.add(centroid, weight: count > 0 ? 1 / Float(count) : 0)
            return mean
        }
        var table = [[Int]](repeating: [0, 0], count: 3000)
        for i in 0..<catalog.count {
            table[Self.yearSlot(catalog.releaseYear(at: i))][catalog.isExplicit(at: i) ? 1 : 0] += 1
        }
        yearExplicitCounts = table
    }

    private static func yearSlot(_ year: Int?) -> Int { min(max(year ?? 0, 0), 2999) }

    /// Ranks the catalog for a query.
    public func recommend(_ query: RecommendationQuery) throws(RecommenderError) -> RecommendationResult {
        try query.validate()
        let probabilities = query.emotionProbabilities
        let emotion = Emotion(rawValue: probabilities.indices.max(by: { probabilities[$0] < probabilities[$1] })!)!
        let targets = query.policy.targetWeights(for: probabilities)

        // Playlist vector with recency weights; unknown ids are reported, not dropped silently.
        let now = query.nowUnix ?? Int64(Date().timeIntervalSince1970)
        var playlistVector = QueryVector(genreCount: vectors.genreCount)
        var unknown: [String] = []
        var inPlaylist = Set<Int32>()
        for entry in query.playlist {
            guard let index = catalog.index(ofId: entry.trackId) else {
                unknown.append(entry.trackId)
                continue
            }
            // A repeated id counts once.
            guard inPlaylist.insert(Int32(index)).inserted else { continue }
            vectors.add(track: index, weight: Float(recencyWeight(addedUnix: entry.addedUnix, now: now)), to: &playlistVector)
        }
        let usedCentroid = inPlaylist.isEmpty
        let queryVector: QueryVector
        if usedCentroid {
            var centroid = QueryVector(genreCount: vectors.genreCount)
            for mood in MusicMood.allCases where targets[mood.rawValue] > 0 {
                centroid.add(moodCentroids[mood.rawValue], weight: targets[mood.rawValue])
            }
            queryVector = centroid
        } else {
            queryVector = playlistVector
        }

        let scan = SimilarityScan(vectors: vectors)
        let prepared = scan.prepare(queryVector, moodFit: ranking.moodFitWeight, targets: targets)
        let years = catalog.column(.releaseYear)
        let explicit = catalog.column(.explicit)
        let filledMask = catalog.filledMask
        let yearFiltered = query.yearMin != nil || query.yearMax != nil
        let yearMin = Float(query.yearMin ?? Int.min)
        let yearMax = Float(query.yearMax ?? Int.max)
        let excludeExplicit = query.excludeExplicit
        let playlistSet = inPlaylist
        let isEligible = { @Sendable (i: Int) -> Bool in
            if playlistSet.contains(Int32(i)) { return false }
            if excludeExplicit && explicit[i] >= 0.5 { return false }
            if yearFiltered {
                if filledMask[i] & CatalogColumn.releaseYear.bit != 0 { return false }
                if years[i] < yearMin || years[i] > yearMax { return false }
            }
            return true
        }
        let scratch = scratchPool.take()
        defer { scratchPool.give(scratch) }
        let best = rank(scan: scan, prepared: prepared, scratch: scratch, k: query.k, isEligible: isEligible)
        var tracks = best.map { entry -> Recommendation in
            let i = Int(entry.index)
            return makeRecommendation(index: i, similarity: scan.similarity(prepared, track: i, genre: scan.genreContribution(prepared, track: i)),
                                      targets: targets, policy: query.policy, emotion: emotion, usedCentroid: usedCentroid)
        }
        tracks.sort { $0.score > $1.score || ($0.score == $1.score && $0.catalogIndex < $1.catalogIndex) }
        let targetMoods: [MoodWeight] = MusicMood.allCases
            .filter { targets[$0.rawValue] > 0 }
            .map { MoodWeight(mood: $0, weight: targets[$0.rawValue]) }
            .sorted(by: MoodWeight.heavierFirst)
        return RecommendationResult(
            tracks: tracks, unknownTrackIds: unknown, targetMoods: targetMoods, emotion: emotion,
            candidates: candidateCount(query: query, playlist: playlistSet),
            usedMoodCentroid: usedCentroid
        )
    }

    /// `recencyBase^(−months since added)`; unknown or future dates weigh 1.
    func recencyWeight(addedUnix: Int64?, now: Int64) -> Double {
        guard let added = addedUnix, added > 0 else { return 1 }
        // In Double: no pair of Int64 times can overflow here, even if validation is bypassed.
        let months = max(0, (Double(now) - Double(added)) / (30.436875 * 86_400))
        return pow(ranking.recencyBase, -months)
    }

    private func rank(scan: SimilarityScan, prepared: SimilarityScan.Prepared, scratch: ScanScratch, k: Int,
                      isEligible: @escaping @Sendable (Int) -> Bool) -> [(score: Float, index: Int32)] {
        let blocks = vectors.quantized.blockCount
        let chunks = max(1, min(ranking.threads, blocks / 1_024 + 1))
        let hasGenres = !prepared.genre.isEmpty
        return scratch.slotGenre.withUnsafeMutableBufferPointer { buffer in
            let slotGenre = hasGenres ? buffer.baseAddress : nil
            if let slotGenre {
                scratch.dirty = true
                scan.scatterGenres(prepared, into: slotGenre)
            }
            defer { scratch.dirty = false }
            if chunks == 1 {
                var heap = TopKHeap(capacity: k)
                scan.scanBlocks(prepared, blocks: 0..<blocks, slotGenre: slotGenre, into: &heap, isEligible: isEligible)
                return heap.sorted()
            }
            let heaps = LockedHeaps(count: chunks)
            let shared = UnsafeSendable((prepared, slotGenre))
            ParallelFor.run(chunks: chunks) { c in
                var local = TopKHeap(capacity: k)
                // Chunks cover disjoint blocks, so their writes to slotGenre do not overlap.
                let range = (blocks * c / chunks)..<(blocks * (c + 1) / chunks)
                scan.scanBlocks(shared.value.0, blocks: range, slotGenre: shared.value.1, into: &local, isEligible: isEligible)
                heaps.set(c, local)
            }
            var merged = TopKHeap(capacity: k)
            for heap in heaps.all { for entry in heap.sorted() { merged.insert(score: entry.score, index: entry.index) } }
            return merged.sorted()
        }
    }

    private func candidateCount(query: RecommendationQuery, playlist: Set<Int32>) -> Int {
        var total = 0
        let lo = query.yearMin.map { Self.yearSlot($0) }
        let hi = query.yearMax.map { Self.yearSlot($0) }
        let yearFiltered = lo != nil || hi != nil
        let range = (lo ?? 1)...(hi ?? 2999)
        for slot in yearExplicitCounts.indices {
            if yearFiltered && (slot == 0 || !range.contains(slot)) { continue }
            total += yearExplicitCounts[slot][0]
            if !query.excludeExplicit { total += yearExplicitCounts[slot][1] }
        }
        // Playlist tracks that pass the filters were counted above but are never candidates.
        for i in playlist {
            let index = Int(i)
            let passesExplicit = !query.excludeExplicit || !catalog.isExplicit(at: index)
            var passesYear = true
            if yearFiltered {
                if let year = catalog.releaseYear(at: index) { passesYear = range.contains(Self.yearSlot(year)) } else { passesYear = false }
            }
            if passesExplicit && passesYear { total -= 1 }
        }
        return total
    }
}

extension MoodWeight {
    static func heavierFirst(_ a: MoodWeight, _ b: MoodWeight) -> Bool {
        if a.weight != b.weight { return a.weight > b.weight }
        return a.mood.rawValue < b.mood.rawValue
    }
}

/// Per-thread results of a parallel scan.
private final class LockedHeaps: @unchecked Sendable {
    private var heaps: [TopKHeap?]
    private let lock = NSLock()
    init(count: Int) { heaps = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ heap: TopKHeap) { lock.lock(); heaps[i] = heap; lock.unlock() }
    var all: [TopKHeap] { lock.lock(); defer { lock.unlock() }; return heaps.compactMap { $0 } }
}

extension RecommenderIndex {
    /// The scan's contiguous Float32 matrix (16 per track: 11 audio components, 1/norm, 4 mood
    /// probabilities), for side-by-side benchmarks.
    public func scanMatrix() -> [Float] { vectors.rows }

    /// Track `index`'s whole L2-normalised vector, densely: 11 audio, 11 year, 10 popularity, 4 mood,
    /// then one entry per genre.
    public func denseVector(ofTrack index: Int) -> [Float] { vectors.denseVector(track: index) }
}
