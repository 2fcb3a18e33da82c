import Foundation
import MoodMusicVocabulary
import Testing
@testable import MoodMusicRecommender

@Suite struct AffectAndExplanationTests {
    var index: RecommenderIndex { RealCatalog.index }
    var catalog: Catalog { RealCatalog.catalog }

    @Test func emotionsSitInTheirCircumplexQuadrants() {
        let happy = AffectSpace.point(for: Emotion.happy.oneHot)
        let sad = AffectSpace.point(for: Emotion.sad.oneHot)
        let angry = AffectSpace.point(for: Emotion.angry.oneHot)
        #expect(happy.x > 0.9 && abs(happy.y) < 0.2)
        #expect(sad.x < 0 && sad.y < 0)
        #expect(angry.y > 0.9)
        #expect(AffectSpace.point(for: Emotion.neutral.oneHot) == SIMD2(0, 0))
        // A mix is the weighted mean.
        let mix = AffectSpace.point(for: [0, 0, 0, 0.5, 0.5, 0, 0])
        #expect(abs(mix.x - (happy.x + sad.x) / 2) < 1e-6)
        // Uplift turns sadness and anger pleasant and calm; happiness stays.
        let up = AffectSpace.musicPoint(for: sad, uplift: true)
        #expect(up.x > 0 && up.y <= 0)
        #expect(AffectSpace.musicPoint(for: angry, uplift: true).y < 0)
        #expect(AffectSpace.musicPoint(for: happy, uplift: true) == happy)
        let target = AffectSpace.target(for: Emotion.sad.oneHot, uplift: false)
        #expect(target.x < 0.5 && target.y < 0.5)
    }

    /// The affect policy moves the results' valence and energy toward the feeling's target.
    @Test(arguments: [(Emotion.sad, false), (.happy, false), (.angry, true)])
    func affectResultsAreCloserToTheTarget(emotion: Emotion, uplift: Bool) throws {
        let target = AffectSpace.target(for: emotion.oneHot, uplift: uplift)
        func meanDistance(_ r: RecommendationResult) -> Float {
            let v = catalog.column(.valence), e = catalog.column(.energy)
            var sum: Float = 0
            for t in r.tracks {
                let dv = v[t.catalogIndex] - target.x, de = e[t.catalogIndex] - target.y
                sum += (dv * dv + de * de).squareRoot()
            }
            return sum / Float(r.tracks.count)
        }
        var query = RecommendationQuery(emotion: emotion, playlist: RankingTests.playlist, policy: .affect, k: 40)
        query.affectUplift = uplift
        query.moodWeight = 0
        let plain = try index.recommend(query)
        query.moodWeight = 0.5
        let affect = try index.recommend(query)
        #expect(meanDistance(affect) < meanDistance(plain))
        #expect(affect.tracks[0].reason.contains("close to the"))
    }

    /// The explanation is the score: its terms add up to the similarity, and the reason names the
    /// largest of them.
    @Test func explanationsComeFromTheScoreTerms() throws {
        let result = try index.recommend(RecommendationQuery(emotion: .happy, playlist: RankingTests.playlist, k: 20))
        for t in result.tracks {
            let terms = t.topTerms
            #expect(terms.count == 3)
            #expect(zip(terms, terms.dropFirst()).allSatisfy { $0.value >= $1.value })
            #expect(t.reason.lowercased().contains(terms[0].name))
            #expect(abs(t.score - (t.similarity + result.moodWeight * t.moodFit)) < 1e-5)
        }
        // With genre on top, the reason names shared genres.
        if let withGenre = result.tracks.first(where: { $0.topTerms[0].name == "genre" }) {
            let genres = catalog.genres(at: withGenre.catalogIndex)
            #expect(genres.contains { withGenre.reason.contains($0) })
        }
    }

    @Test func similarityTermsAddUpToTheScannedSimilarity() throws {
        var query = RecommendationQuery(emotion: .sad, playlist: RankingTests.playlist, policy: .uplift, k: 10)
        query.dedupe = false
        query.maxPerArtist = 0
        let result = try index.recommend(query)
        var q = QueryVector(genreCount: index.vectors.genreCount)
        for e in query.playlist { index.vectors.add(track: catalog.index(ofId: e.trackId)!, weight: 1, to: &q) }
        let scan = SimilarityScan(vectors: index.vectors)
        let prepared = scan.prepare(q, moodFit: 0, targets: [0, 0, 0, 0])
        for t in result.tracks {
            let scanned = scan.similarity(prepared, track: t.catalogIndex, genre: scan.genreContribution(prepared, track: t.catalogIndex))
            #expect(abs(scanned - t.similarity) < 1e-5)
        }
    }
}
