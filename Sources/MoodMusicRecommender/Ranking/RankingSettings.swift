/// Query-time knobs of the ranking; a query may override the per-request ones.
public struct RankingSettings: Sendable, Equatable {
    /// λ in score = similarity + λ · Σ_m target(m) · p_track(m) (the fidelity/mood balance) when
    /// the query does not set `moodWeight`. Chosen with `recommender-tool eval` (docs/recommender.md).
    public var moodFitWeight: Float
    /// The weight of the affect policy's closeness term when the query does not set `moodWeight`.
    public var affectWeight: Float
    /// At most this many songs per artist when the query does not say; 0 = no cap.
    public var maxPerArtist: Int
    /// A playlist track added m months ago weighs `recencyBase^(−m)`; 1 turns recency off.
    public var recencyBase: Double
    /// Threads for the scan (1 = the calling thread only).
    public var threads: Int

    public static let defaultMoodFitWeight: Float = 0.1
    public static let defaultAffectWeight: Float = 0.1

    public init(moodFitWeight: Float = defaultMoodFitWeight, affectWeight: Float = defaultAffectWeight,
                maxPerArtist: Int = 3, recencyBase: Double = 1.09, threads: Int = 1) {
        self.moodFitWeight = moodFitWeight
        self.affectWeight = affectWeight
        self.maxPerArtist = maxPerArtist
        self.recencyBase = recencyBase
        self.threads = threads
    }
}
