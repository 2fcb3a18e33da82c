/// How much each feature group counts in a track's vector. Each group is scaled to length
/// `weight` before the whole vector is L2-normalised, so the weights are relative shares.
public struct FeatureWeights: Sendable, Equatable {
    /// The 11 min-max-scaled audio features (`TrackVectors.audioColumns`).
    public var audio: Float
    /// Genre TF-IDF from the artists' genres (tracks without genres get none).
    public var genre: Float
    /// Release decade, one-hot (tracks without a release date get none).
    public var year: Float
    /// Exact release year, one-hot, on top of the decade: songs of one album or release share it,
    /// which a decade blurs (tracks without a release date get none).
    public var exactYear: Float
    /// Popularity in buckets of 10, one-hot (tracks without popularity get none).
    public var popularity: Float
    /// The classifier's mood, one-hot.
    public var mood: Float

    public init(audio: Float = 1.0, genre: Float = 1.0, year: Float = 0.4, popularity: Float = 0.2, mood: Float = 0.5,
                exactYear: Float = 0.4) {
        self.audio = audio
        self.genre = genre
        self.year = year
        self.popularity = popularity
        self.mood = mood
        self.exactYear = exactYear
    }
}
