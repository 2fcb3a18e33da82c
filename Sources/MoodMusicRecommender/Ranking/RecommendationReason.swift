import Foundation
import MoodMusicVocabulary

extension RecommenderIndex {
    /// Builds the result entry for track `index`, with its one-line reason.
    func makeRecommendation(index: Int, similarity: Float, targets: [Float], policy: MoodPolicy,
                            emotion: Emotion, usedCentroid: Bool) -> Recommendation {
        let mood = moods[index]
        var fit: Float = 0
        for m in 0..<4 { fit += targets[m] * moodProbabilities[index * 4 + m] }
        let score = similarity + ranking.moodFitWeight * fit
        let id = catalog.id(at: index)
        return Recommendation(
            id: id, name: catalog.name(at: index), artists: catalog.artists(at: index),
            year: catalog.releaseYear(at: index) ?? 0, mood: mood,
            moodConfidence: moodProbabilities[index * 4 + mood.rawValue],
            similarity: similarity, score: score, url: "https://open.spotify.com/track/\(id)",
            reason: Self.reason(mood: mood, similarity: similarity, targets: targets, policy: policy,
                                emotion: emotion, usedCentroid: usedCentroid),
            catalogIndex: index
        )
    }

    /// "Calm track, 0.93 similar to your playlist; calm suits 'sad' under uplift".
    static func reason(mood: MusicMood, similarity: Float, targets: [Float], policy: MoodPolicy,
                       emotion: Emotion, usedCentroid: Bool) -> String {
        let similar = String(format: "%.2f", similarity)
        let wanted = MusicMood.allCases.filter { targets[$0.rawValue] > 0 }
            .sorted { targets[$0.rawValue] > targets[$1.rawValue] }
            .map { $0.description.lowercased() }
        let basis = usedCentroid ? "the \(wanted.joined(separator: "/")) mood profile" : "your playlist"
        let fit = targets[mood.rawValue] > 0
            ? "\(mood.description.lowercased()) suits '\(emotion)' under \(policy.rawValue)"
            : "\(policy.rawValue) for '\(emotion)' prefers \(wanted.joined(separator: "/")), but it is close to \(usedCentroid ? "that profile" : "your taste")"
        return "\(mood) track, \(similar) similar to \(basis); \(fit)"
    }
}
