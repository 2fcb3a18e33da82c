import Foundation
import Testing
@testable import MoodMusicRecommender

/// The exact release year is a one-hot group on top of the decade: songs of one release share it.
@Suite struct ExactYearTests {
    /// Five tracks that differ only in release date (and title/artist): a playlist track of 2001,
    /// one of 2001, one of 2005 (same decade), one of 1985 and one without a date.
    static let csv = [
        TestData.header,
        TestData.row(id: "p2001", name: "P", artists: "['P']", idArtists: "['p']", date: "2001-02-03"),
        TestData.row(id: "a2001", name: "A", artists: "['A']", idArtists: "['a']", date: "2001-09-01"),
        TestData.row(id: "b2005", name: "B", artists: "['B']", idArtists: "['b']", date: "2005"),
        TestData.row(id: "e1985", name: "E", artists: "['E']", idArtists: "['e']", date: "1985-05"),
        TestData.row(id: "unknown", name: "U", artists: "['U']", idArtists: "['u']", date: ""),
    ].joined(separator: "\n") + "\n"

    static func similarities(weights: FeatureWeights) throws -> [String: Float] {
        let (catalog, _) = try Catalog.load(tracksPath: TestData.temporaryFile(csv))
        let index = RecommenderIndex(catalog: catalog, moodProbabilities: [Float](repeating: 0.25, count: catalog.count * 4),
                                     weights: weights)
        var query = RecommendationQuery(emotionProbabilities: [0, 0, 0, 0, 0, 0, 1],
                                        playlist: [.init(trackId: "p2001")], policy: .match, k: 4)
        query.moodWeight = 0
        query.dedupe = false
        query.maxPerArtist = 0
        let result = try index.recommend(query)
        return Dictionary(uniqueKeysWithValues: result.tracks.map { ($0.id, $0.similarity) })
    }

    @Test func sameYearBeatsSameDecadeAndUnknownYearGetsTheExpectedValue() throws {
        let s = try Self.similarities(weights: FeatureWeights())
        #expect(s.count == 4)
        let a = try #require(s["a2001"]), b = try #require(s["b2005"]), e = try #require(s["e1985"])
        let unknown = try #require(s["unknown"])
        #expect(a > b + 0.01)
        #expect(b > e + 0.01)
        // Every track's norm counts every group, so the unknown-year track's similarity is the
        // mean over the dated tracks' years (2001 twice, 2005, 1985) of a dated track's.
        #expect(abs(unknown - (2 * a + b + e) / 4) < 1e-5)
    }

    @Test func withoutTheExactYearGroupTheDecadeAloneDecides() throws {
        let s = try Self.similarities(weights: FeatureWeights(exactYear: 0))
        let a = try #require(s["a2001"]), b = try #require(s["b2005"]), e = try #require(s["e1985"])
        #expect(abs(a - b) < 1e-6)
        #expect(b > e + 0.01)
    }

    @Test func yearSlotsLieInTheirDecade() {
        for year in 1890...2040 {
            let slot = Buckets.exactYear(Float(year))
            #expect((0..<Buckets.exactYearCount).contains(slot))
            #expect(Buckets.decade(ofExactYear: slot) == Buckets.year(Float(year)))
        }
        #expect(Buckets.exactYear(2001) != Buckets.exactYear(2005))
        #expect(Buckets.decade(ofExactYear: Buckets.none) == Buckets.none)
    }
}
