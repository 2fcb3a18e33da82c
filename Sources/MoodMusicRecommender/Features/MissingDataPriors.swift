/// The expected value of each feature group for a track that lacks it, taken over the tracks that
/// have it: the share of each decade, exact year and popularity bucket, and the mean genre TF-IDF vector.
struct MissingDataPriors: Sendable {
    /// Share of each decade among tracks with a release date (sums to 1, or all 0 if none has one).
    let year: [Float]
    /// Share of each exact release year (`Buckets.exactYear`) among tracks with a release date.
    let exactYear: [Float]
    /// Share of each popularity bucket among tracks with a popularity.
    let popularity: [Float]
    /// Mean weighted TF-IDF vector (weight included) over the tracks that have genres.
    let genre: [Float]

    init(catalog: Catalog, genreIds: [Int32], genreValues: [Float], genreCount: Int) {
        var yearCounts = [Double](repeating: 0, count: Buckets.yearCount)
        var exactYearCounts = [Double](repeating: 0, count: Buckets.exactYearCount)
        var popularityCounts = [Double](repeating: 0, count: Buckets.popularityCount)
        var genreSums = [Double](repeating: 0, count: genreCount)
        let yearValues = catalog.column(.releaseYear), popularityValues = catalog.column(.popularity)
        var withGenres = 0
        for i in 0..<catalog.count {
            if !catalog.wasFilled(i, .releaseYear) {
                yearCounts[Buckets.year(yearValues[i])] += 1
                exactYearCounts[Buckets.exactYear(yearValues[i])] += 1
            }
            if !catalog.wasFilled(i, .popularity) { popularityCounts[Buckets.popularity(popularityValues[i])] += 1 }
            let range = Int(catalog.genreOffsets[i])..<Int(catalog.genreOffsets[i + 1])
            if !range.isEmpty { withGenres += 1 }
            for j in range { genreSums[Int(genreIds[j])] += Double(genreValues[j]) }
        }
        func shares(_ counts: [Double]) -> [Float] {
            let total = counts.reduce(0, +)
            return counts.map { total > 0 ? Float($0 / total) : 0 }
        }
        year = shares(yearCounts)
        exactYear = shares(exactYearCounts)
        popularity = shares(popularityCounts)
        genre = genreSums.map { withGenres > 0 ? Float($0 / Double(withGenres)) : 0 }
    }
}
