import Foundation

/// The seven FER emotions on Russell's circumplex of affect (valence = x, arousal = y), and the
/// (valence, energy) target a feeling asks of the music. docs/recommender.md cites the placement.
public enum AffectSpace {
    /// Angles in degrees (0° = pleasure, 90° = arousal), FER order; nil = the neutral origin.
    /// Russell (1980), direct circular scaling: angry 99.0, afraid 116.6, happy 7.8, sad 207.5,
    /// astonished 69.8. Disgust is not among his 28 words: we place it on his "distress" axis (135°).
    public static let angles: [Double?] = [99.0, 135.0, 116.6, 7.8, 207.5, 69.8, nil]

    /// The probability-weighted mean of the emotions' unit points (neutral adds the origin).
    public static func point(for probabilities: [Float]) -> SIMD2<Float> {
        let total = probabilities.reduce(0, +)
        var point = SIMD2<Float>(0, 0)
        guard total > 0 else { return point }
        for (e, p) in probabilities.enumerated() {
            guard let degrees = angles[e] else { continue }
            let radians = degrees * .pi / 180
            point += (p / total) * SIMD2(Float(cos(radians)), Float(sin(radians)))
        }
        return point
    }

    /// Where on the circumplex the music should sit. Match: the feeling's own point. Uplift: an
    /// unpleasant feeling is mirrored to the pleasant side with its arousal halved and turned calm
    /// (anger → relaxed, sadness → content), and valence is at least 0.3 (neutral → mildly pleasant).
    public static func musicPoint(for feeling: SIMD2<Float>, uplift: Bool) -> SIMD2<Float> {
        guard uplift else { return feeling }
        guard feeling.x < 0 else { return SIMD2(max(feeling.x, 0.3), feeling.y) }
        return SIMD2(max(-feeling.x, 0.3), -abs(feeling.y) / 2)
    }

    /// The (valence, energy) target in [0, 1]²: 0.5 + 0.45 · point.
    public static func target(for probabilities: [Float], uplift: Bool) -> SIMD2<Float> {
        let p = musicPoint(for: point(for: probabilities), uplift: uplift)
        return SIMD2(min(max(0.5 + 0.45 * p.x, 0), 1), min(max(0.5 + 0.45 * p.y, 0), 1))
    }
}
