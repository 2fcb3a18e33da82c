/// The seven facial emotions, in FER2013 order: the label ids of the FER2013 data set, the
/// order of every emotion model's outputs, and the order of every 7-value probability list on
/// the wire.
public enum Emotion: Int, CaseIterable, Sendable, CustomStringConvertible {
    case angry = 0, disgust = 1, fear = 2, happy = 3, sad = 4, surprise = 5, neutral = 6

    /// The lower-case name, as fer and the command lines spell it ("angry", …, "neutral").
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

    /// Parses a name in any letter case; nil for anything else.
    public init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = found
    }

    /// The emotion of a FER2013 label id (0...6); nil outside that range.
    public init?(ferLabel: Int) { self.init(rawValue: ferLabel) }

    /// The FER2013 label id (0...6), which is also this emotion's index in a probability vector.
    public var ferLabel: Int { rawValue }

    /// The most probable emotion of a 7-value probability vector (the first on ties); nil when
    /// the vector does not have seven values.
    public static func mostLikely(_ probabilities: [Float]) -> Emotion? {
        guard probabilities.count == allCases.count,
              let best = probabilities.indices.max(by: { probabilities[$0] < probabilities[$1] }) else { return nil }
        return Emotion(rawValue: best)
    }

    /// A probability vector that is 1 for this emotion.
    public var oneHot: [Float] { Emotion.allCases.map { $0 == self ? 1 : 0 } }
}
