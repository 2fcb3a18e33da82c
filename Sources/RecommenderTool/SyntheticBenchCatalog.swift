import Foundation
import MoodMusicRecommender

/// The benchmarks' input: a synthetic catalog that follows the bundled one, its mood
/// probabilities, and a reproducible list of queries over it.
enum SyntheticBenchCatalog {
    /// `count` synthetic tracks and 4 mood probabilities per track. Synthetic tracks take their
    /// source track's probabilities (their features are within a 2 % jitter of it), so a 10M
    /// catalog is not classified track by track.
    static func make(count: Int, seed: UInt64) throws -> (catalog: Catalog, probabilities: [Float]) {
        let (real, _) = try Catalog.load(tracksPath: DataPaths.tracks, artistsPath: DataPaths.artists)
        let (moods, _) = try MoodTrainingSet.load(path: DataPaths.moods)
        let classifier = MoodClassifier.train(on: moods)
        let realProbabilities = classifier.probabilities(for: real, threads: ProcessInfo.processInfo.activeProcessorCount)
        let (catalog, sources) = Catalog.synthetic(from: real, count: count, seed: seed)
        var probabilities = [Float](repeating: 0, count: count * 4)
        for (i, s) in sources.enumerated() { for m in 0..<4 { probabilities[i * 4 + m] = realProbabilities[s * 4 + m] } }
        return (catalog, probabilities)
    }

    /// Queries as `bench` draws them: random playlist tracks, a random dominant emotion, match and
    /// uplift alternating.
    static func queries(catalog: Catalog, count: Int, playlistLength: Int, k: Int, maxPerArtist: Int, seed: UInt64) -> [RecommendationQuery] {
        var rng = SplitMix64(seed: seed &+ 1)
        return (0..<count).map { q in
            let playlist = (0..<playlistLength).map { _ in
                RecommendationQuery.PlaylistEntry(trackId: catalog.id(at: rng.next(below: catalog.count)))
            }
            var emotion = (0..<7).map { _ in Float(rng.next(below: 1000)) }
            emotion[rng.next(below: 7)] += 3000
            var query = RecommendationQuery(emotionProbabilities: emotion, playlist: playlist,
                                            policy: q % 2 == 0 ? .match : .uplift, k: k)
            query.maxPerArtist = maxPerArtist
            // A fixed "now", so recency weights (and so scores) are the same for every shard count.
            query.nowUnix = 1_700_000_000
            return query
        }
    }
}
