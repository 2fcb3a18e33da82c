/// Names and orders the contract fixes, shared by every process and client.
extension Moodmusic_V1_Emotion {
    /// FER2013 order: the order of every 7-value probability list on the wire.
    public static let ferOrder: [Moodmusic_V1_Emotion] = [.angry, .disgust, .fear, .happy, .sad, .surprise, .neutral]

    /// Lower-case name, e.g. "happy"; "unspecified" for none.
    public var label: String {
        switch self {
        case .angry: "angry"
        case .disgust: "disgust"
        case .fear: "fear"
        case .happy: "happy"
        case .sad: "sad"
        case .surprise: "surprise"
        case .neutral: "neutral"
        case .unspecified, .UNRECOGNIZED: "unspecified"
        }
    }

    public init?(label: String) {
        guard let found = Self.ferOrder.first(where: { $0.label == label.lowercased() }) else { return nil }
        self = found
    }

    /// Position in FER2013 order (0...6), nil for unspecified.
    public var ferIndex: Int? { Self.ferOrder.firstIndex(of: self) }
}

extension Moodmusic_V1_MusicMood {
    public var label: String {
        switch self {
        case .happy: "Happy"
        case .sad: "Sad"
        case .energetic: "Energetic"
        case .calm: "Calm"
        case .unspecified, .UNRECOGNIZED: "?"
        }
    }
}
