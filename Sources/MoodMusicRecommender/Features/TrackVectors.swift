import Foundation
import MoodMusicVocabulary

/// The catalog's track vectors, L2-normalised once at build time so cosine similarity is a dot
/// product, stored for a fast scan:
///
/// - `rows`: 16 contiguous Float32 per track (64 bytes, one cache line): the 11 weighted, scaled
///   audio features divided by the track's norm, then `1 / norm`, then the track's 4 mood
///   probabilities (so the scan gets the mood-fit term from the same load).
/// - `codes`: per track, (year bucket, popularity bucket, mood) packed in one UInt16. The one-hot
///   groups are never stored densely: a one-hot group's dot product with a query is the query's
///   value at the track's bucket, times `1 / norm`, so a per-query table indexed by the code
///   replaces 25 dimensions.
/// - genre TF-IDF as an inverted index (genre → tracks and weights), added per query only for the
///   genres the query has.
struct TrackVectors: Sendable {
    static let stride = 16
    /// Where the mood probabilities start in a row.
    static let moodOffset = 12
    static let audioCount = 11
    /// The audio features, min-max scaled over the catalog.
    static let audioColumns: [CatalogColumn] = [
        .danceability, .energy, .key, .loudness, .mode, .speechiness,
        .acousticness, .instrumentalness, .liveness, .valence, .tempo,
    ]
    static let yearSlots = Buckets.yearCount + 1
    static let popularitySlots = Buckets.popularityCount + 1
    static let moodCount = MusicMood.allCases.count
    static let codeCount = yearSlots * popularitySlots * moodCount

    let weights: FeatureWeights
    let count: Int
    let genreCount: Int
    var rows: [Float]
    var codes: [UInt16]
    /// Postings of genre g: `postingTracks/postingValues[postingOffsets[g]..<postingOffsets[g + 1]]`;
    /// the value is the track's weighted, normalised TF-IDF entry (before the `1 / norm` factor).
    var postingOffsets: [Int32]
    var postingTracks: [Int32]
    var postingValues: [Float]
    /// Track-major copy of the genre entries, for building query vectors from tracks.
    var trackGenreOffsets: [Int32]
    var trackGenreIds: [Int32]
    var trackGenreValues: [Float]
    /// The rows again, as UInt8 grouped by code, for the scan's first pass (`QuantizedRows`).
    var quantized: QuantizedRows
    /// The postings again for the first pass, per genre sorted by slot (so the scatter writes
    /// ascending addresses): the slot, and the value times the track's `1 / norm`.
    var scanPostingSlots: [Int32]
    var scanPostingValues: [Float]

    static func code(year: Int, popularity: Int, mood: Int) -> UInt16 {
        // Slot 0 is "unknown", so bucket b is slot b + 1.
        UInt16(((year + 1) * popularitySlots + (popularity + 1)) * moodCount + mood)
    }

    static func decode(_ code: UInt16) -> (year: Int, popularity: Int, mood: Int) {
        let c = Int(code)
        let mood = c % moodCount
        let rest = c / moodCount
        return (rest / popularitySlots - 1, rest % popularitySlots - 1, mood)
    }

    init(catalog: Catalog, moodProbabilities: [Float], moods: [MusicMood], weights: FeatureWeights) {
        let n = catalog.count
        self.weights = weights
        count = n
        genreCount = catalog.genreNames.count

        // Genre TF-IDF: binary term frequency, smoothed idf = ln((1 + N) / (1 + df)) + 1.
        var documentFrequency = [Int](repeating: 0, count: genreCount)
        for g in catalog.genreIds { documentFrequency[Int(g)] += 1 }
        let idf = documentFrequency.map { Float(log(Double(1 + n) / Double(1 + $0)) + 1) }
        trackGenreOffsets = catalog.genreOffsets
        var trackGenreIds = catalog.genreIds
        var trackGenreValues = [Float](repeating: 0, count: catalog.genreIds.count)
        for i in 0..<n {
            let range = Int(catalog.genreOffsets[i])..<Int(catalog.genreOffsets[i + 1])
            guard !range.isEmpty else { continue }
            var norm: Float = 0
            for j in range { norm += idf[Int(catalog.genreIds[j])] * idf[Int(catalog.genreIds[j])] }
            let scale = weights.genre / norm.squareRoot()
            for j in range { trackGenreValues[j] = idf[Int(catalog.genreIds[j])] * scale }
            // Ascending genre id, the order in which a query's genres add up per track.
            let sorted = range.map { (trackGenreIds[$0], trackGenreValues[$0]) }.sorted { $0.0 < $1.0 }
            for (j, entry) in zip(range, sorted) { (trackGenreIds[j], trackGenreValues[j]) = entry }
        }
        self.trackGenreIds = trackGenreIds
        self.trackGenreValues = trackGenreValues

        let audio = Self.audioColumns.map { catalog.column($0) }
        let lows = audio.map { $0.min() ?? 0 }
        let highs = audio.map { $0.max() ?? 1 }
        let audioScale = weights.audio / Float(Self.audioCount).squareRoot()
        let years = catalog.column(.releaseYear)
        let popularity = catalog.column(.popularity)
        rows = [Float](repeating: 0, count: n * Self.stride)
        codes = [UInt16](repeating: 0, count: n)
        for i in 0..<n {
            var squared: Float = 0
            for f in 0..<Self.audioCount {
                let range = highs[f] - lows[f]
                let v = (range > 0 ? (audio[f][i] - lows[f]) / range : 0) * audioScale
                rows[i * Self.stride + f] = v
                squared += v * v
            }
            let yearBucket = catalog.wasFilled(i, .releaseYear) ? Buckets.none : Buckets.year(years[i])
            let popularityBucket = catalog.wasFilled(i, .popularity) ? Buckets.none : Buckets.popularity(popularity[i])
            if yearBucket != Buckets.none { squared += weights.year * weights.year }
            if popularityBucket != Buckets.none { squared += weights.popularity * weights.popularity }
            squared += weights.mood * weights.mood
            if catalog.genreOffsets[i + 1] > catalog.genreOffsets[i] { squared += weights.genre * weights.genre }
            let inverseNorm = squared > 0 ? 1 / squared.squareRoot() : 0
            for f in 0..<Self.audioCount { rows[i * Self.stride + f] *= inverseNorm }
            rows[i * Self.stride + Self.audioCount] = inverseNorm
            for m in 0..<Self.moodCount { rows[i * Self.stride + Self.moodOffset + m] = moodProbabilities[i * Self.moodCount + m] }
            codes[i] = Self.code(year: yearBucket, popularity: popularityBucket, mood: moods[i].rawValue)
        }

        // Invert the genre entries.
        var offsets = [Int32](repeating: 0, count: genreCount + 1)
        for g in catalog.genreIds { offsets[Int(g) + 1] += 1 }
        for g in 0..<genreCount { offsets[g + 1] += offsets[g] }
        var fill = offsets
        postingTracks = [Int32](repeating: 0, count: catalog.genreIds.count)
        postingValues = [Float](repeating: 0, count: catalog.genreIds.count)
        for i in 0..<n {
            for j in Int(catalog.genreOffsets[i])..<Int(catalog.genreOffsets[i + 1]) {
                let g = Int(catalog.genreIds[j])
                let slot = Int(fill[g])
                postingTracks[slot] = Int32(i)
                postingValues[slot] = trackGenreValues[j]
                fill[g] += 1
            }
        }
        postingOffsets = offsets
        let quantized = QuantizedRows(rows: rows, codes: codes, count: n)
        self.quantized = quantized
        scanPostingSlots = [Int32](repeating: 0, count: postingTracks.count)
        scanPostingValues = [Float](repeating: 0, count: postingTracks.count)
        let (postingTracks, postingValues, rows) = (postingTracks, postingValues, rows)
        for g in 0..<genreCount {
            let range = Int(offsets[g])..<Int(offsets[g + 1])
            let entries = range.map { j in
                let t = Int(postingTracks[j])
                return (quantized.trackSlots[t], postingValues[j] * rows[t * Self.stride + Self.audioCount])
            }.sorted { $0.0 < $1.0 }
            for (j, entry) in zip(range, entries) { (scanPostingSlots[j], scanPostingValues[j]) = entry }
        }
    }

    /// Adds `weight` × track `i`'s normalised vector to `query`.
    func add(track i: Int, weight: Float, to query: inout QueryVector) {
        let inverseNorm = rows[i * Self.stride + Self.audioCount]
        for f in 0..<Self.audioCount { query.audio[f] += weight * rows[i * Self.stride + f] }
        let (year, popularity, mood) = Self.decode(codes[i])
        if year != Buckets.none { query.year[year] += weight * weights.year * inverseNorm }
        if popularity != Buckets.none { query.popularity[popularity] += weight * weights.popularity * inverseNorm }
        query.mood[mood] += weight * weights.mood * inverseNorm
        for j in Int(trackGenreOffsets[i])..<Int(trackGenreOffsets[i + 1]) {
            query.genre[Int(trackGenreIds[j])] += weight * trackGenreValues[j] * inverseNorm
        }
    }

    /// Track `i`'s whole normalised vector, densely: audio, year, popularity, mood, genres (for tests
    /// and diagnostics; the scan never builds it).
    func denseVector(track i: Int) -> [Float] {
        var q = QueryVector(genreCount: genreCount)
        add(track: i, weight: 1, to: &q)
        return q.dense
    }
}

/// A query (playlist or mood-centroid) vector in the same component layout as the tracks' vectors.
struct QueryVector: Sendable {
    var audio = [Float](repeating: 0, count: TrackVectors.audioCount)
    var year = [Float](repeating: 0, count: Buckets.yearCount)
    var popularity = [Float](repeating: 0, count: Buckets.popularityCount)
    var mood = [Float](repeating: 0, count: TrackVectors.moodCount)
    var genre: [Float]

    init(genreCount: Int) { genre = [Float](repeating: 0, count: genreCount) }

    var dense: [Float] { audio + year + popularity + mood + genre }

    var norm: Float {
        var s: Double = 0
        for v in dense { s += Double(v) * Double(v) }
        return Float(s.squareRoot())
    }

    mutating func add(_ other: QueryVector, weight: Float) {
        for i in audio.indices { audio[i] += weight * other.audio[i] }
        for i in year.indices { year[i] += weight * other.year[i] }
        for i in popularity.indices { popularity[i] += weight * other.popularity[i] }
        for i in mood.indices { mood[i] += weight * other.mood[i] }
        for i in genre.indices { genre[i] += weight * other.genre[i] }
    }
}
