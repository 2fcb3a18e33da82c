/// The four music moods of `data_moods.csv`, in the order of the protobuf `MusicMood` enum.
public enum MusicMood: Int, CaseIterable, Sendable, CustomStringConvertible {
    case happy, sad, energetic, calm

    /// The label as written in `data_moods.csv` ("Happy", "Sad", "Energetic", "Calm").
    public var description: String {
        switch self {
        case .happy: "Happy"
        case .sad: "Sad"
        case .energetic: "Energetic"
        case .calm: "Calm"
        }
    }

    public init?(label: String) {
        guard let mood = Self.allCases.first(where: { $0.description.lowercased() == label.lowercased() }) else { return nil }
        self = mood
    }
}
