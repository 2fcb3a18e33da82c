/// The seven facial emotions, in FER2013 order (the order of an emotion probability vector).
public enum Emotion: Int, CaseIterable, Sendable, CustomStringConvertible {
    case angry, disgust, fear, happy, sad, surprise, neutral

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

    /// A probability vector that is 1 for this emotion.
    public var oneHot: [Float] { Emotion.allCases.map { $0 == self ? 1 : 0 } }
}
