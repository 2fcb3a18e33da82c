import Foundation
import MoodMusicRecommender

/// Sums of the harness's figures over the lists of one method (and emotion/policy); `mean` divides.
struct EvalMetrics {
    var lists = 0
    var continuationLists: [EvalPlaylist.Kind: Int] = [:]
    var recall: [EvalPlaylist.Kind: Double] = [:]
    var ndcg: [EvalPlaylist.Kind: Double] = [:]
    var moodFit = 0.0
    var distinctArtists = 0.0
    var duplicates = 0.0
    var unknownYear = 0.0
    var years: [Double] = []
    var popularity: [Double] = []

    /// Scores one ranked list (catalog indices, best first). `playlist` nil: a list without a
    /// playlist (only mood fit and diversity/bias count).
    mutating func add(_ ranked: [Int], playlist: EvalPlaylist?, targetMoods: Set<Int>, index: RecommenderIndex, k: Int = 40) {
        let catalog = index.catalog
        let list = Array(ranked.prefix(k))
        guard !list.isEmpty else { return }
        lists += 1
        if let playlist {
            var dcg = 0.0, hits = 0
            for (rank, i) in list.enumerated() where playlist.relevant.contains(index.canonicalTrack(of: i)) {
                hits += 1
                dcg += 1 / log2(Double(rank) + 2)
            }
            let ideal = (0..<min(k, playlist.relevant.count)).reduce(0.0) { $0 + 1 / log2(Double($1) + 2) }
            let kind = playlist.kind
            continuationLists[kind, default: 0] += 1
            recall[kind, default: 0] += Double(hits) / Double(min(k, playlist.relevant.count))
            ndcg[kind, default: 0] += ideal > 0 ? dcg / ideal : 0
        }
        moodFit += Double(list.filter { targetMoods.contains(index.moods[$0].rawValue) }.count) / Double(list.count)
        var artists = Set<String>(), songs = Set<Int>()
        var dupes = 0
        for i in list {
            for a in catalog.artists(at: i) { artists.insert(a.lowercased()) }
            if !songs.insert(index.canonicalTrack(of: i)).inserted { dupes += 1 }
            if let y = catalog.releaseYear(at: i) { years.append(Double(y)) } else { unknownYear += 1 / Double(list.count) }
            if !catalog.wasFilled(i, .popularity) { popularity.append(Double(catalog.column(.popularity)[i])) }
        }
        distinctArtists += Double(artists.count)
        duplicates += Double(dupes)
    }

    func recallMean(_ kind: EvalPlaylist.Kind) -> Double { (recall[kind] ?? 0) / Double(max(1, continuationLists[kind] ?? 0)) }
    func ndcgMean(_ kind: EvalPlaylist.Kind) -> Double { (ndcg[kind] ?? 0) / Double(max(1, continuationLists[kind] ?? 0)) }
    var moodFitMean: Double { moodFit / Double(max(1, lists)) }
    var distinctArtistsMean: Double { distinctArtists / Double(max(1, lists)) }
    var duplicatesMean: Double { duplicates / Double(max(1, lists)) }
    var unknownYearShare: Double { unknownYear / Double(max(1, lists)) }

    static func quartiles(_ values: [Double]) -> String {
        guard !values.isEmpty else { return "-" }
        let s = values.sorted()
        func q(_ f: Double) -> Int { Int(s[min(s.count - 1, Int(Double(s.count) * f))]) }
        return "\(q(0.25))/\(q(0.5))/\(q(0.75))"
    }
}
