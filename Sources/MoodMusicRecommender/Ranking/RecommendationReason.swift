import Foundation
import MoodMusicVocabulary

/// What one query shares with the explanation of each of its results.
struct ExplanationContext {
    let query: QueryVector
    /// 1 / ‖query‖.
    let inverseNorm: Float
    let targets: [Float]
    let policy: MoodPolicy
    let emotion: Emotion
    let usedCentroid: Bool
    let moodWeight: Float
    let prepared: SimilarityScan.Prepared
}

extension RecommenderIndex {
    /// Builds the result entry for track `index`, with its score split into terms and a reason.
    func makeRecommendation(index i: Int, context c: ExplanationContext) -> Recommendation {
        let terms = similarityTerms(track: i, context: c)
        let similarity = terms.reduce(0) { $0 + $1.value }
        var fit: Float = 0
        for m in 0..<4 { fit += c.targets[m] * moodProbabilities[i * 4 + m] }
        var score = similarity
        var affect: Float?
        if c.policy == .affect {
            let closeness = SimilarityScan(vectors: vectors).affectCloseness(c.prepared, track: i)
            affect = closeness
            score += c.prepared.affectWeight * closeness
        } else {
            score += c.moodWeight * fit
        }
        var calibration: Float = 0
        if !c.prepared.calibration.isEmpty {
            calibration = c.prepared.calibration[Int(vectors.codes[i])] * vectors.rows[i * TrackVectors.stride + TrackVectors.audioCount]
            score += calibration
        }
        let mood = moods[i]
        let id = catalog.id(at: i)
        return Recommendation(
            id: id, name: catalog.name(at: i), artists: catalog.artists(at: i),
            year: catalog.releaseYear(at: i) ?? 0, mood: mood,
            moodConfidence: moodProbabilities[i * 4 + mood.rawValue],
            similarity: similarity, score: score, url: "https://open.spotify.com/track/\(id)",
            reason: reason(track: i, terms: terms, affect: affect, context: c),
            catalogIndex: i, moodFit: fit, topTerms: Array(terms.sorted { $0.value > $1.value }.prefix(3)),
            missingDataCalibration: calibration
        )
    }

    /// The similarity split by feature: each audio feature, era, popularity, mood profile, genre.
    /// Missing groups contribute their expected value, as in the scan.
    func similarityTerms(track i: Int, context c: ExplanationContext) -> [ScoreTerm] {
        let row = i * TrackVectors.stride
        let inverse = vectors.rows[row + TrackVectors.audioCount]
        let w = weights, priors = vectors.priors
        var terms = (0..<TrackVectors.audioCount).map {
            ScoreTerm(name: TrackVectors.audioNames[$0], value: vectors.rows[row + $0] * c.query.audio[$0] * c.inverseNorm)
        }
        let (year, popularity, mood, hasGenres) = TrackVectors.decode(vectors.codes[i])
        let scale = inverse * c.inverseNorm
        let eraValue: Float = year != Buckets.none
            ? w.year * c.query.year[Buckets.decade(ofExactYear: year)] + w.exactYear * c.query.exactYear[year]
            : w.year * Self.dot(priors.year, c.query.year) + w.exactYear * Self.dot(priors.exactYear, c.query.exactYear)
        let popularityValue: Float = popularity != Buckets.none
            ? c.query.popularity[popularity] : Self.dot(priors.popularity, c.query.popularity)
        terms.append(ScoreTerm(name: "era", value: eraValue * scale))
        terms.append(ScoreTerm(name: "popularity", value: w.popularity * popularityValue * scale))
        terms.append(ScoreTerm(name: "mood profile", value: w.mood * c.query.mood[mood] * scale))
        var genre: Float = 0
        if hasGenres {
            for j in Int(vectors.trackGenreOffsets[i])..<Int(vectors.trackGenreOffsets[i + 1]) {
                genre += c.query.genre[Int(vectors.trackGenreIds[j])] * vectors.trackGenreValues[j]
            }
        } else {
            for (g, q) in c.query.genre.enumerated() where q != 0 { genre += priors.genre[g] * q }
        }
        terms.append(ScoreTerm(name: "genre", value: genre * scale))
        return terms
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        var sum: Float = 0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }

    /// The genres this track shares with the query, heaviest first.
    func sharedGenres(track i: Int, query: QueryVector, limit: Int) -> [String] {
        (Int(vectors.trackGenreOffsets[i])..<Int(vectors.trackGenreOffsets[i + 1]))
            .map { (g: Int(vectors.trackGenreIds[$0]), v: query.genre[Int(vectors.trackGenreIds[$0])] * vectors.trackGenreValues[$0]) }
            .filter { $0.v > 0 }.sorted { $0.v > $1.v }.prefix(limit).map { catalog.genreNames[$0.g] }
    }

    /// "Close to your playlist on genre (soul, funk) and energy; happy mood fits 'happy' (match)".
    func reason(track i: Int, terms: [ScoreTerm], affect: Float?, context c: ExplanationContext) -> String {
        let top = terms.sorted { $0.value > $1.value }.prefix(2).filter { $0.value > 0 }
        let named = top.map { term -> String in
            guard term.name == "genre" else { return term.name }
            let genres = sharedGenres(track: i, query: c.query, limit: 2)
            return genres.isEmpty ? "genre" : "genre (\(genres.joined(separator: ", ")))"
        }
        let wanted = MusicMood.allCases.filter { c.targets[$0.rawValue] > 0 }
            .sorted { c.targets[$0.rawValue] > c.targets[$1.rawValue] }.map { $0.description.lowercased() }
        let basis = c.usedCentroid ? "the \(wanted.joined(separator: "/")) mood profile" : "your playlist"
        let similar = "close to \(basis)" + (named.isEmpty ? "" : " on " + named.joined(separator: " and "))
        let mood = moods[i].description.lowercased()
        let fit: String
        if let affect {
            let target = c.prepared.affectTarget
            let own = String(format: "valence %.2f, energy %.2f", vectors.valenceEnergy[2 * i], vectors.valenceEnergy[2 * i + 1])
            let wanted = String(format: "%.2f/%.2f", target.x, target.y)
            fit = own + " is \(Int((affect * 100).rounded()))% close to the \(wanted) '\(c.emotion)' asks for"
        } else if c.targets[moods[i].rawValue] > 0 {
            fit = "\(mood) mood fits '\(c.emotion)' (\(c.policy.rawValue))"
        } else {
            fit = "\(c.policy.rawValue) for '\(c.emotion)' prefers \(wanted.joined(separator: "/")), but it is close"
        }
        let sentence = similar + "; " + fit
        return sentence.prefix(1).uppercased() + sentence.dropFirst()
    }
}
