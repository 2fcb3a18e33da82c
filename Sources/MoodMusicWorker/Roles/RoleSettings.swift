/// What the emotion role loads. nil paths mean the defaults (environment, then bundled files).
public struct EmotionRoleSettings: Sendable {
    public var model: String?
    public var cascade: String?
    public var maxPixels: Int

    public init(model: String? = nil, cascade: String? = nil, maxPixels: Int = 40_000_000) {
        self.model = model
        self.cascade = cascade
        self.maxPixels = maxPixels
    }
}

/// What the recommender role loads. nil paths mean the defaults (environment, then bundled files).
public struct RecommenderRoleSettings: Sendable {
    public var catalog: String?
    public var artists: String?
    public var moods: String?
    /// Serve only shard `shardIndex` of `shardCount` (every N-th track); 0 of 1 = all of it.
    public var shardIndex: Int
    public var shardCount: Int

    public init(catalog: String? = nil, artists: String? = nil, moods: String? = nil, shardIndex: Int = 0, shardCount: Int = 1) {
        self.catalog = catalog
        self.artists = artists
        self.moods = moods
        self.shardIndex = shardIndex
        self.shardCount = shardCount
    }
}
