/// Query-time knobs of the ranking.
public struct RankingSettings: Sendable, Equatable {
    /// λ in score = similarity + λ · Σ_m target(m) · p_track(m).
    public var moodFitWeight: Float
    /// A playlist track added m months ago weighs `recencyBase^(−m)`; 1 turns recency off.
    public var recencyBase: Double
    /// Threads for the scan (1 = the calling thread only).
    public var threads: Int

    public init(moodFitWeight: Float = 1.0, recencyBase: Double = 1.09, threads: Int = 1) {
        self.moodFitWeight = moodFitWeight
        self.recencyBase = recencyBase
        self.threads = threads
    }
}
