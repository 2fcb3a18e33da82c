/// Tracks grouped by which feature groups they lack (release year, popularity, genres: 8
/// patterns), with a fixed sample of each, so a query can line their score tails up.
///
/// Without a playlist the query is a mood profile: it says nothing about era, popularity or
/// genre, so whether a track has those fields should not decide whether it is recommended. It
/// did, because the catalog's complete and incomplete tracks come from different source data sets
/// whose audio differs (docs/recommender.md, "Missing data"): one pattern's best scores sat above
/// the other's, and a list of 40 — the top 0.1 % — came mostly from one of them. Matching the means
/// is not enough (the spreads differ too), nor is lining up a fixed tail such as the best 1 % (the
/// shapes beyond it differ). `offsets` shifts each pattern so that the score reached by its best
/// share of tracks the size of the list (k of the catalog's tracks, estimated on the sample) is the
/// same for every pattern; the top k then mixes the patterns roughly as the catalog does.
///
/// The sample is chosen from whole-catalog indices, so every shard computes the same shifts and a
/// sharded ranking still equals a whole one; the shifts go into the per-code table, so the
/// quantised scan stays exact.
struct MissingnessStrata: Sendable {
    static let patternCount = 8
    /// Tracks sampled per pattern, at most.
    static let sampleSize = 8_192
    /// A pattern with fewer tracks is left alone (too few to estimate a tail).
    static let minimumTracks = 200

    /// Per pattern: how many tracks have it, the sampled track indices, and their mean 1/‖v‖.
    let counts: [Int]
    let samples: [[Int32]]
    private let meanInverseNorms: [Double]
    /// Each code's pattern.
    private static let patternOfCode = (0..<TrackVectors.codeCount).map(pattern(ofCode:))

    init(codes: [UInt16], rows: [Float]) {
        var members = [[Int32]](repeating: [], count: Self.patternCount)
        for (i, code) in codes.enumerated() { members[Self.patternOfCode[Int(code)]].append(Int32(i)) }
        counts = members.map(\.count)
        let samples = members.map { tracks in
            let step = max(1, tracks.count / Self.sampleSize)
            return Swift.stride(from: 0, to: tracks.count, by: step).prefix(Self.sampleSize).map { tracks[$0] }
        }
        self.samples = samples
        meanInverseNorms = samples.map { sample in
            sample.isEmpty ? 0 : sample.reduce(0.0) { $0 + Double(rows[Int($1) * TrackVectors.stride + TrackVectors.audioCount]) }
                / Double(sample.count)
        }
    }

    /// Which groups a code lacks: bit 0 year, bit 1 popularity, bit 2 genres.
    static func pattern(ofCode code: Int) -> Int {
        let (year, popularity, _, hasGenres) = TrackVectors.decode(UInt16(code))
        return (year == Buckets.none ? 1 : 0) | (popularity == Buckets.none ? 2 : 0) | (hasGenres ? 0 : 4)
    }

    /// Per code, what to add to the prepared `table` (a track's score takes it times its 1/‖v‖)
    /// so that every pattern's tail threshold equals the catalog-weighted mean of them, for a list
    /// of `k`. `score` is the query's score of a track before any shift.
    func offsets(k: Int, score: (Int) -> Float) -> [Float] {
        let tail = min(0.05, Double(k) / Double(max(1, counts.reduce(0, +))))
        var thresholds = [Double?](repeating: nil, count: Self.patternCount)
        for p in 0..<Self.patternCount where counts[p] >= Self.minimumTracks {
            var scores = samples[p].map { Double(score(Int($0))) }
            scores.sort(by: >)
            let rank = min(scores.count - 1, Int((Double(scores.count) * tail).rounded(.up)) - 1)
            thresholds[p] = scores[max(0, rank)]
        }
        var weighted = 0.0, total = 0
        for p in 0..<Self.patternCount { if let t = thresholds[p] { weighted += t * Double(counts[p]); total += counts[p] } }
        let shifts: [Float] = (0..<Self.patternCount).map { p in
            guard let t = thresholds[p], total > 0, meanInverseNorms[p] > 0 else { return 0 }
            return Float((weighted / Double(total) - t) / meanInverseNorms[p])
        }
        return Self.patternOfCode.map { shifts[$0] }
    }
}
