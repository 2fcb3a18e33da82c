/// What the emotion role loads. nil paths mean the defaults (environment, then bundled files).
public struct EmotionRoleSettings: Sendable {
    public var model: String?
    public var cascade: String?
    public var maxPixels: Int
    /// Our ONNX emotion model (moodnet); nil: $MOODMUSIC_MOODNET, else models/moodnet.onnx, loaded when present.
    public var moodnetModel: String?

    public init(model: String? = nil, cascade: String? = nil, maxPixels: Int = 40_000_000, moodnetModel: String? = nil) {
        self.model = model
        self.cascade = cascade
        self.maxPixels = maxPixels
        self.moodnetModel = moodnetModel
    }
}

/// What the recommender role loads. nil paths mean the defaults (environment, then bundled files).
public struct RecommenderRoleSettings: Sendable {
    public var catalog: String?
    public var artists: String?
    public var moods: String?
    /// How long a resolved Spotify playlist is reused; nil: MOODMUSIC_SPOTIFY_PLAYLIST_CACHE_SECONDS, else 600.
    public var spotifyPlaylistCacheSeconds: Double?
    /// Serve only shard `shardIndex` of `shardCount` (every N-th track); 0 of 1 = all of it.
    public var shardIndex: Int
    public var shardCount: Int

    public init(catalog: String? = nil, artists: String? = nil, moods: String? = nil, spotifyPlaylistCacheSeconds: Double? = nil,
                shardIndex: Int = 0, shardCount: Int = 1) {
        self.catalog = catalog
        self.artists = artists
        self.moods = moods
        self.spotifyPlaylistCacheSeconds = spotifyPlaylistCacheSeconds
        self.shardIndex = shardIndex
        self.shardCount = shardCount
    }
}

/// What the video role needs: where to call DetectEmotions and Recommend (the gateway's
/// frontend), how many frames to keep in flight there, and the decoding limits.
public struct VideoRoleSettings: Sendable {
    /// The gateway's client endpoint; nil: $MOODMUSIC_GATEWAY, else tcp://127.0.0.1:5555.
    public var frontend: String?
    /// Sampled frames sent to the emotion workers and not yet answered, at most.
    public var window: Int
    public var maxPixels: Int
    public var maxFrames: Int

    public init(frontend: String? = nil, window: Int = 8, maxPixels: Int = 3840 * 2160, maxFrames: Int = 600) {
        self.frontend = frontend
        self.window = window
        self.maxPixels = maxPixels
        self.maxFrames = maxFrames
    }
}
