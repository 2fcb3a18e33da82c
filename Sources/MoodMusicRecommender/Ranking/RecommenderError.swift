/// Why a recommendation query was refused.
public enum RecommenderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// k outside 1...500.
    case kOutOfRange(Int)
    /// The emotion vector does not have exactly 7 values.
    case wrongEmotionCount(Int)
    /// An emotion probability is negative or not finite, or all are zero.
    case invalidEmotionProbabilities
    /// year_min is after year_max.
    case emptyYearRange(min: Int, max: Int)
    /// A Unix time outside the years 1...9999 (`RecommendationQuery.minUnixTime...maxUnixTime`).
    case timeOutOfRange(field: String, value: Int64)
    /// More playlist entries than `RecommendationQuery.maxPlaylistEntries`.
    case playlistTooLong(Int)
    /// mood_weight is not a finite number in 0...10.
    case moodWeightOutOfRange(Float)
    /// max_per_artist outside 0...500.
    case maxPerArtistOutOfRange(Int)

    public var description: String {
        switch self {
        case let .kOutOfRange(k):
            "k must be between 1 and \(RecommendationQuery.maxK), got \(k)"
        case let .wrongEmotionCount(n):
            "emotion probabilities must have 7 values (angry, disgust, fear, happy, sad, surprise, neutral), got \(n)"
        case .invalidEmotionProbabilities:
            "emotion probabilities must be finite, non-negative and not all zero"
        case let .emptyYearRange(lo, hi):
            "year_min (\(lo)) is after year_max (\(hi))"
        case let .timeOutOfRange(field, value):
            "\(field) must be a Unix time in seconds between \(RecommendationQuery.minUnixTime) and \(RecommendationQuery.maxUnixTime) (years 1 to 9999), got \(value)"
        case let .playlistTooLong(n):
            "a playlist may have at most \(RecommendationQuery.maxPlaylistEntries) entries, got \(n)"
        case let .moodWeightOutOfRange(w):
            "mood_weight must be a finite number in 0...\(RecommendationQuery.maxMoodWeight), got \(w)"
        case let .maxPerArtistOutOfRange(n):
            "max_per_artist must be between 0 (no cap) and \(RecommendationQuery.maxK), got \(n)"
        }
    }
}
