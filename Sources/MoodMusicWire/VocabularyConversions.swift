import MoodMusicProtos
import MoodMusicVocabulary

// Conversions between the vocabulary and the protobuf enums. Every one is an exhaustive switch,
// so adding a case anywhere fails to compile until it is mapped; tests pin each pair.

extension Moodmusic_V1_Emotion {
    public init(_ emotion: Emotion) {
        switch emotion {
        case .angry: self = .angry
        case .disgust: self = .disgust
        case .fear: self = .fear
        case .happy: self = .happy
        case .sad: self = .sad
        case .surprise: self = .surprise
        case .neutral: self = .neutral
        }
    }

    /// The vocabulary emotion; nil for `unspecified` and values this build does not know.
    public var emotion: Emotion? {
        switch self {
        case .angry: .angry
        case .disgust: .disgust
        case .fear: .fear
        case .happy: .happy
        case .sad: .sad
        case .surprise: .surprise
        case .neutral: .neutral
        case .unspecified, .UNRECOGNIZED: nil
        }
    }

    /// FER2013 order: the order of every 7-value probability list on the wire.
    public static let ferOrder: [Moodmusic_V1_Emotion] = Emotion.allCases.map(Moodmusic_V1_Emotion.init)

    /// Lower-case name, e.g. "happy"; "unspecified" for none.
    public var label: String { emotion?.description ?? "unspecified" }

    public init?(label: String) {
        guard let emotion = Emotion(name: label) else { return nil }
        self.init(emotion)
    }
}

extension Moodmusic_V1_MusicMood {
    public init(_ mood: MusicMood) {
        switch mood {
        case .happy: self = .happy
        case .sad: self = .sad
        case .energetic: self = .energetic
        case .calm: self = .calm
        }
    }

    /// The vocabulary mood; nil for `unspecified` and values this build does not know.
    public var mood: MusicMood? {
        switch self {
        case .happy: .happy
        case .sad: .sad
        case .energetic: .energetic
        case .calm: .calm
        case .unspecified, .UNRECOGNIZED: nil
        }
    }

    /// The `data_moods.csv` label, e.g. "Happy"; "?" for none.
    public var label: String { mood?.description ?? "?" }
}
