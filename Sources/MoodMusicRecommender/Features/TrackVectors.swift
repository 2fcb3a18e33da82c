import Foundation
import MoodMusicVocabulary

/// The catalog's track vectors, L2-normalised once at build time so cosine similarity is a dot
/// product, stored for a fast scan:
///
/// - `rows`: 16 contiguous Float32 per track (64 bytes, one cache line): the 11 weighted, scaled
///   audio features divided by the track's norm, then `1 / norm`, then the track's 4 mood
///   probabilities (so the scan gets the mood-fit term from the same load).
/// - `codes`: per track, (exact release year, popularity bucket, mood, has genres) packed in one
///   UInt16; the decade follows from the year. The one-hot groups are never stored densely: a
///   one-hot group's dot product with a query is the query's value at the track's bucket, times
///   `1 / norm`, so a per-query table indexed by the code replaces 135 dimensions (decade, year,
///   popularity, mood).
/// - genre TF-IDF as an inverted index (genre → tracks and weights), added per query only for the
///   genres the query has.
///
/// **Missing data.** A track without a year, a popularity or genres does not simply lack that group
/// (that would shrink its norm and inflate every other group's share of its cosine). It gets the
/// group's *expected* value instead: the catalog's bucket distribution (`MissingDataPriors`), or the
/// mean genre vector, and its norm counts the group at full weight. Its score is then what an
/// average track with that group would get, so missing data neither helps nor hurts. The expected
/// values depend only on the code, so they live in the per-query table and the scan is unchanged.
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
    static let audioNames = ["danceability", "energy", "key", "loudness", "mode", "speechiness",
                             "acousticness", "instrumentalness", "liveness", "valence", "tempo"]
    static let yearSlots = Buckets.exactYearCount + 1
    static let popularitySlots = Buckets.popularityCount + 1
    static let moodCount = MusicMood.allCases.count
    static let codeCount = yearSlots * popularitySlots * moodCount * 2

    let weights: FeatureWeights
    let count: Int
    let genreCount: Int
    var rows: [Float]
    var codes: [UInt16]
    /// Per track, the raw valence and energy (for the affect policy).
    var valenceEnergy: [Float]
    let priors: MissingDataPriors
    /// Tracks by missing-data pattern, for lining up mood-profile queries' score tails.
    let strata: MissingnessStrata
    /// Postings of genre g: `postingTracks/postingValues[postingOffsets[g]..<postingOffsets[g + 1]]`;
    /// the value is the track's weighted, normalised TF-IDF entry (before the `1 / norm` factor).
    var postingOffsets: [Int32]
    var postingTracks: [Int32]
    var postingValues: [Float]
    /// Track-major copy of the genre entries, for building query vectors from tracks.
    var trackGenreOffsets: [Int32]
    var trackGenreIds: [Int32]
    var trackGenreValues: [Float]
    /// The scanned tracks' rows again, as UInt8 grouped by code, for the first pass (`QuantizedRows`).
    var quantized: QuantizedRows
    /// The scanned tracks' postings for the first pass, per genre sorted by slot (so the scatter
    /// writes ascending addresses): the slot, and the value times the track's `1 / norm`.
    var scanPostingOffsets: [Int32]
    var scanPostingSlots: [Int32]
    var scanPostingValues: [Float]

    /// `year` is the exact-year slot (`Buckets.exactYear`), `popularity` the bucket; `Buckets.none` = unknown.
    static func code(year: Int, popularity: Int, mood: Int, hasGenres: Bool) -> UInt16 {
        // Slot 0 is "unknown", so bucket b is slot b + 1.
        UInt16((((year + 1) * popularitySlots + (popularity + 1)) * moodCount + mood) * 2 + (hasGenres ? 1 : 0))
    }

    static func decode(_ code: UInt16) -> (year: Int, popularity: Int, mood: Int, hasGenres: Bool) {
        let c = Int(code)
        let hasGenres = c % 2 == 1
        let mood = (c / 2) % moodCount
        let rest = c / 2 / moodCount
        return (rest / popularitySlots - 1, rest % popularitySlots - 1, mood, hasGenres)
    }

    /// `shard` picks the tracks the scan covers (all when nil). Every statistic (scaling, idf,
    /// priors) is taken over the whole catalog, so a track's vector is the same in every shard.
    init(catalog: Catalog, moodProbabilities: [Float], moods: [MusicMood], weights: FeatureWeights, shard: ShardSpec? = nil) {
        let n = catalog.count
        self.weights = weights
        self.count = n
        let genreCount = catalog.genreNames.count
        self.genreCount = genreCount

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
        priors = MissingDataPriors(catalog: catalog, genreIds: trackGenreIds, genreValues: trackGenreValues, genreCount: genreCount)

        let audio = Self.audioColumns.map { catalog.column($0) }
        let lows = audio.map { $0.min() ?? 0 }
        let highs = audio.map { $0.max() ?? 1 }
        let audioScale = weights.audio / Float(Self.audioCount).squareRoot()
        let years = catalog.column(.releaseYear)
        let popularity = catalog.column(.popularity)
        let valence = catalog.column(.valence), energy = catalog.column(.energy)
        valenceEnergy = (0..<(2 * n)).map { $0 % 2 == 0 ? valence[$0 / 2] : energy[$0 / 2] }
        // Every group counts at full weight: missing ones are imputed (see the type's comment).
        let groupsSquared = weights.year * weights.year + weights.exactYear * weights.exactYear
            + weights.popularity * weights.popularity
            + weights.mood * weights.mood + weights.genre * weights.genre
        var rows = [Float](repeating: 0, count: n * Self.stride)
        var codes = [UInt16](repeating: 0, count: n)
        for i in 0..<n {
            var squared = groupsSquared
            for f in 0..<Self.audioCount {
                let range = highs[f] - lows[f]
                let v = (range > 0 ? (audio[f][i] - lows[f]) / range : 0) * audioScale
                rows[i * Self.stride + f] = v
                squared += v * v
            }
            let yearBucket = catalog.wasFilled(i, .releaseYear) ? Buckets.none : Buckets.exactYear(years[i])
            let popularityBucket = catalog.wasFilled(i, .popularity) ? Buckets.none : Buckets.popularity(popularity[i])
            let inverseNorm = 1 / squared.squareRoot()
            for f in 0..<Self.audioCount { rows[i * Self.stride + f] *= inverseNorm }
            rows[i * Self.stride + Self.audioCount] = inverseNorm
            for m in 0..<Self.moodCount { rows[i * Self.stride + Self.moodOffset + m] = moodProbabilities[i * Self.moodCount + m] }
            codes[i] = Self.code(year: yearBucket, popularity: popularityBucket, mood: moods[i].rawValue,
                                 hasGenres: catalog.genreOffsets[i + 1] > catalog.genreOffsets[i])
        }

        // Invert the genre entries.
        var offsets = [Int32](repeating: 0, count: genreCount + 1)
        for g in catalog.genreIds { offsets[Int(g) + 1] += 1 }
        for g in 0..<genreCount { offsets[g + 1] += offsets[g] }
        var fill = offsets
        var postingTracks = [Int32](repeating: 0, count: catalog.genreIds.count)
        var postingValues = [Float](repeating: 0, count: catalog.genreIds.count)
        for i in 0..<n {
            for j in Int(catalog.genreOffsets[i])..<Int(catalog.genreOffsets[i + 1]) {
                let g = Int(catalog.genreIds[j])
                let slot = Int(fill[g])
                postingTracks[slot] = Int32(i)
                postingValues[slot] = trackGenreValues[j]
                fill[g] += 1
            }
        }
        self.postingOffsets = offsets
        self.postingTracks = postingTracks
        self.postingValues = postingValues
        self.rows = rows
        self.codes = codes
        strata = MissingnessStrata(codes: codes, rows: rows)
        let quantized = QuantizedRows(rows: rows, codes: codes, count: n, include: { shard?.contains($0) ?? true })
        self.quantized = quantized
        var scanOffsets = [Int32](repeating: 0, count: genreCount + 1)
        var slots: [Int32] = [], values: [Float] = []
        for g in 0..<genreCount {
            let entries = (Int(offsets[g])..<Int(offsets[g + 1])).compactMap { j -> (Int32, Float)? in
                let t = Int(postingTracks[j])
                guard quantized.trackSlots[t] >= 0 else { return nil }
                return (quantized.trackSlots[t], postingValues[j] * rows[t * Self.stride + Self.audioCount])
            }.sorted { $0.0 < $1.0 }
            for (slot, value) in entries { slots.append(slot); values.append(value) }
            scanOffsets[g + 1] = Int32(slots.count)
        }
        scanPostingOffsets = scanOffsets
        scanPostingSlots = slots
        scanPostingValues = values
    }

    /// Adds `weight` × track `i`'s known groups to `query`. A query carries only what its tracks
    /// know: imputed groups are a per-query constant for the tracks being scored, not a taste.
    func add(track i: Int, weight: Float, to query: inout QueryVector) {
        let inverseNorm = rows[i * Self.stride + Self.audioCount]
        for f in 0..<Self.audioCount { query.audio[f] += weight * rows[i * Self.stride + f] }
        let (year, popularity, mood, _) = Self.decode(codes[i])
        if year != Buckets.none {
            query.year[Buckets.decade(ofExactYear: year)] += weight * weights.year * inverseNorm
            query.exactYear[year] += weight * weights.exactYear * inverseNorm
        }
        if popularity != Buckets.none { query.popularity[popularity] += weight * weights.popularity * inverseNorm }
        query.mood[mood] += weight * weights.mood * inverseNorm
        for j in Int(trackGenreOffsets[i])..<Int(trackGenreOffsets[i + 1]) {
            query.genre[Int(trackGenreIds[j])] += weight * trackGenreValues[j] * inverseNorm
        }
    }

    /// Track `i`'s known groups, densely: audio, decade, year, popularity, mood, genres (for tests and
    /// diagnostics; the scan never builds it).
    func denseVector(track i: Int) -> [Float] {
        var q = QueryVector(genreCount: genreCount)
        add(track: i, weight: 1, to: &q)
        return q.dense
    }

    /// Track `i`'s vector as scored: `denseVector` with every missing group replaced by its expected
    /// value. Its dot product with a query is the track's similarity times ‖query‖.
    func scoredVector(track i: Int) -> [Float] {
        var q = QueryVector(genreCount: genreCount)
        add(track: i, weight: 1, to: &q)
        let inverseNorm = rows[i * Self.stride + Self.audioCount]
        let (year, popularity, _, hasGenres) = Self.decode(codes[i])
        if year == Buckets.none {
            for b in q.year.indices { q.year[b] = weights.year * priors.year[b] * inverseNorm }
            for y in q.exactYear.indices { q.exactYear[y] = weights.exactYear * priors.exactYear[y] * inverseNorm }
        }
        if popularity == Buckets.none {
            for b in q.popularity.indices { q.popularity[b] = weights.popularity * priors.popularity[b] * inverseNorm }
        }
        if !hasGenres { for g in q.genre.indices { q.genre[g] = priors.genre[g] * inverseNorm } }
        return q.dense
    }
}
