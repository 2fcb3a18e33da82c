/// The four music moods of `data_moods.csv`.
public enum MusicMood: Int, CaseIterable, Sendable, CustomStringConvertible {
    case happy = 0, sad = 1, energetic = 2, calm = 3

    /// The label as written in `data_moods.csv` ("Happy", "Sad", "Energetic", "Calm").
    public var description: String {
        switch self {
        case .happy: "Happy"
        case .sad: "Sad"
        case .energetic: "Energetic"
        case .calm: "Calm"
        }
    }

    /// Parses a label in any letter case; nil for anything else.
    public init?(label: String) {
        guard let mood = Self.allCases.first(where: { $0.description.lowercased() == label.lowercased() }) else { return nil }
        self = mood
    }
}
