/// The seven FER2013 emotion classes, in the order of the model's outputs (fer's `_get_labels`).
public enum EmotionLabel: Int, CaseIterable, Sendable, CustomStringConvertible {
    case angry, disgust, fear, happy, sad, surprise, neutral

    /// fer's label name ("angry", …, "neutral").
    public var description: String {
        switch self {
        case .angry: "angry"
        case .disgust: "disgust"
        case .fear: "fear"
        case .happy: "happy"
        case .sad: "sad"
        case .surprise: "surprise"
        case .neutral: "neutral"
        }
    }

    /// The most probable label of a probability vector (the first on ties); nil for an empty vector.
    public static func mostLikely(_ probabilities: [Float]) -> EmotionLabel? {
        guard let best = probabilities.indices.max(by: { probabilities[$0] < probabilities[$1] }) else { return nil }
        return EmotionLabel(rawValue: best)
    }
}
