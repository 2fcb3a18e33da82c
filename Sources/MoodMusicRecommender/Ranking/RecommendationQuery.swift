import MoodMusicVocabulary
/// One listener's request: how they feel, what they listen to, and which tracks are acceptable.
public struct RecommendationQuery: Sendable {
    public static let defaultK = 40
    public static let maxK = 500
    public static let maxMoodWeight: Float = 10

    /// One track of the listener's playlist.
    public struct PlaylistEntry: Sendable, Equatable {
        /// The 22-character Spotify track id.
        public var trackId: String
        /// When it was added, in seconds since 1970; nil means unknown (recency weight 1).
        public var addedUnix: Int64?

        public init(trackId: String, addedUnix: Int64? = nil) {
            self.trackId = trackId
            self.addedUnix = addedUnix
        }
    }

    /// Seven emotion probabilities in FER order (angry, disgust, fear, happy, sad, surprise, neutral).
    public var emotionProbabilities: [Float]
    public var playlist: [PlaylistEntry]
    public var policy: MoodPolicy
    /// How many tracks to return, 1...500.
    public var k: Int
    public var excludeExplicit: Bool
    /// Only tracks released in or after this year (tracks without a release date are then left out).
    public var yearMin: Int?
    /// Only tracks released in or before this year (tracks without a release date are then left out).
    public var yearMax: Int?
    /// "Now" for recency weighting, in seconds since 1970; nil means the system clock.
    public var nowUnix: Int64?
    /// The fidelity/mood balance: λ in score = similarity + λ · fit, 0...10 (0 = playlist only).
    /// nil means the index's default (`RankingSettings.moodFitWeight`, or `affectWeight` for `.affect`).
    public var moodWeight: Float?
    /// Collapse the same song under several ids (keep the most popular/complete); on by default.
    public var dedupe: Bool = true
    /// At most this many songs per artist; nil means the index's default (3), 0 means no cap.
    public var maxPerArtist: Int?
    /// For the `.affect` policy: uplift semantics (move toward pleasant/calm) instead of match.
    public var affectUplift: Bool = false

    public init(
        emotionProbabilities: [Float], playlist: [PlaylistEntry] = [], policy: MoodPolicy = .match,
        k: Int = defaultK, excludeExplicit: Bool = false, yearMin: Int? = nil, yearMax: Int? = nil, nowUnix: Int64? = nil
    ) {
        self.emotionProbabilities = emotionProbabilities
        self.playlist = playlist
        self.policy = policy
        self.k = k
        self.excludeExplicit = excludeExplicit
        self.yearMin = yearMin
        self.yearMax = yearMax
        self.nowUnix = nowUnix
    }

    /// A query for a single emotion (probability 1).
    public init(emotion: Emotion, playlist: [PlaylistEntry] = [], policy: MoodPolicy = .match, k: Int = defaultK) {
        self.init(emotionProbabilities: emotion.oneHot, playlist: playlist, policy: policy, k: k)
    }

    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the earliest and latest times a request may carry.
    public static let minUnixTime: Int64 = -62_135_596_800
    public static let maxUnixTime: Int64 = 253_402_300_799
    public static let maxPlaylistEntries = 10_000

    /// Throws when the query cannot be answered as asked. Every number a request carries is
    /// checked here, so the ranking's arithmetic never sees one that could overflow.
    public func validate() throws(RecommenderError) {
        guard playlist.count <= Self.maxPlaylistEntries else { throw .playlistTooLong(playlist.count) }
        let calendar = Self.minUnixTime...Self.maxUnixTime
        if let nowUnix, !calendar.contains(nowUnix) { throw .timeOutOfRange(field: "now_unix", value: nowUnix) }
        for entry in playlist {
            if let added = entry.addedUnix, !calendar.contains(added) {
                throw .timeOutOfRange(field: "playlist added_unix", value: added)
            }
        }
        guard (1...Self.maxK).contains(k) else { throw .kOutOfRange(k) }
        guard emotionProbabilities.count == Emotion.allCases.count else { throw .wrongEmotionCount(emotionProbabilities.count) }
        guard emotionProbabilities.allSatisfy({ $0.isFinite && $0 >= 0 }), emotionProbabilities.contains(where: { $0 > 0 }) else {
            throw .invalidEmotionProbabilities
        }
        if let yearMin, let yearMax, yearMin > yearMax { throw .emptyYearRange(min: yearMin, max: yearMax) }
        if let moodWeight, !(moodWeight.isFinite && (0...Self.maxMoodWeight).contains(moodWeight)) {
            throw .moodWeightOutOfRange(moodWeight)
        }
        if let maxPerArtist, !(0...Self.maxK).contains(maxPerArtist) { throw .maxPerArtistOutOfRange(maxPerArtist) }
    }
}
