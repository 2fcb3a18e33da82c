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
    /// The same song under several ids (canonical track per track).
    let duplicates: DuplicateSongs
    /// The part of the catalog this index scans and recommends from; nil = all of it.
    public let shard: ShardSpec?

    /// Classifies every track with `classifier` and builds the vectors.
    public init(catalog: Catalog, classifier: MoodClassifier, weights: FeatureWeights = .init(),
                ranking: RankingSettings = .init(), buildThreads: Int = 1, shard: ShardSpec? = nil) {
        self.init(catalog: catalog, moodProbabilities: classifier.probabilities(for: catalog, threads: buildThreads),
                  weights: weights, ranking: ranking, shard: shard)
    }

    /// Builds the index from mood probabilities computed earlier (4 per track, e.g. from a cache).
    /// With `shard`, the index scans only that shard's tracks; vectors and statistics still come
    /// from the whole catalog, so shards' scores equal a whole index's. `detectDuplicates` false
    /// treats every id as its own song (synthetic catalogs copy titles on purpose).
    public init(catalog: Catalog, moodProbabilities: [Float], weights: FeatureWeights = .init(), ranking: RankingSettings = .init(),
                shard: ShardSpec? = nil, detectDuplicates: Bool = true) {
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
        self.shard = shard
        duplicates = detectDuplicates ? DuplicateSongs(catalog: catalog) : DuplicateSongs(identityOf: catalog.count)
        let vectors = TrackVectors(catalog: catalog, moodProbabilities: moodProbabilities, moods: moods, weights: weights, shard: shard)
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
        for i in 0..<catalog.count where shard?.contains(i) ?? true {
            table[Self.yearSlot(catalog.releaseYear(at: i))][catalog.isExplicit(at: i) ? 1 : 0] += 1
        }
        yearExplicitCounts = table
    }

    static func yearSlot(_ year: Int?) -> Int { min(max(year ?? 0, 0), 2999) }

    /// `recencyBase^(−months since added)`; unknown or future dates weigh 1.
    func recencyWeight(addedUnix: Int64?, now: Int64) -> Double {
        guard let added = addedUnix, added > 0 else { return 1 }
        // In Double: no pair of Int64 times can overflow here, even if validation is bypassed.
        let months = max(0, (Double(now) - Double(added)) / (30.436875 * 86_400))
        return pow(ranking.recencyBase, -months)
    }

    func rank(scan: SimilarityScan, prepared: SimilarityScan.Prepared, scratch: ScanScratch, k: Int,
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

    /// Eligible tracks of this shard, before deduplication (which the count does not subtract).
    func candidateCount(query: RecommendationQuery, playlist: Set<Int32>) -> Int {
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
        for i in playlist where shard?.contains(Int(i)) ?? true {
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

    /// Track `index`'s whole L2-normalised vector, densely: 11 audio, 11 decade, 110 year, 10 popularity, 4 mood,
    /// then one entry per genre.
    public func denseVector(ofTrack index: Int) -> [Float] { vectors.denseVector(track: index) }

    /// Track `index`'s vector as scored, with missing groups at their expected value (same layout).
    public func scoredVector(ofTrack index: Int) -> [Float] { vectors.scoredVector(track: index) }

    /// The catalog index of the song this track duplicates (itself when it is the canonical copy).
    public func canonicalTrack(of index: Int) -> Int { Int(duplicates.canonical[index]) }
}
