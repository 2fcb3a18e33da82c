import MoodMusicVocabulary
/// How a detected emotion maps to the music moods to play.
public enum MoodPolicy: String, CaseIterable, Sendable {
    /// Music that reflects the feeling (sad face, sad songs).
    case match
    /// Music that moves toward a better mood (sad face, calm then happy songs).
    case uplift
    /// Music whose valence and energy are close to the feeling's point on the valence/arousal
    /// circumplex (`AffectSpace`), under match semantics, or uplift ones with `affectUplift`.
    /// Its target moods (for reporting and the harness's mood fit) are the match table's.
    case affect

    /// Per emotion (FER order), the weights of happy, sad, energetic, calm. Each row sums to 1.
    /// docs/recommender.md shows these tables.
    public var table: [[Float]] {
        switch self {
        case .match, .affect:
            [
                [0.0, 0.2, 0.8, 0.0], // angry → energetic, some sad
                [0.0, 0.5, 0.5, 0.0], // disgust → sad / energetic
                [0.0, 0.6, 0.0, 0.4], // fear → sad, calm
                [0.8, 0.0, 0.2, 0.0], // happy → happy, some energetic
                [0.0, 1.0, 0.0, 0.0], // sad → sad
                [0.4, 0.0, 0.6, 0.0], // surprise → energetic, happy
                [0.3, 0.0, 0.0, 0.7], // neutral → calm, some happy
            ]
        case .uplift:
            [
                [0.2, 0.0, 0.0, 0.8], // angry → calm down
                [0.6, 0.0, 0.0, 0.4], // disgust → happy, calm
                [0.3, 0.0, 0.0, 0.7], // fear → calm, reassuring
                [0.7, 0.0, 0.3, 0.0], // happy → keep it up
                [0.4, 0.0, 0.0, 0.6], // sad → calm then happy
                [0.6, 0.0, 0.4, 0.0], // surprise → happy, energetic
                [0.6, 0.0, 0.4, 0.0], // neutral → lift: happy, energetic
            ]
        }
    }

    /// The target mood weights for an emotion probability vector: the probability-weighted mix of
    /// the table's rows, so mixed feelings give mixed moods. `probabilities` must have 7 values
    /// that are ≥ 0 and not all 0; they are normalised to sum to 1.
    public func targetWeights(for probabilities: [Float]) -> [Float] {
        let total = probabilities.reduce(0, +)
        var weights = [Float](repeating: 0, count: MusicMood.allCases.count)
        for (e, p) in probabilities.enumerated() {
            for m in weights.indices { weights[m] += p / total * table[e][m] }
        }
        return weights
    }
}
