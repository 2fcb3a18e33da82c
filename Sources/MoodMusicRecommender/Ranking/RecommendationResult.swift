import MoodMusicVocabulary
/// One recommended track (everything the protobuf `Recommendation` carries).
public struct Recommendation: Sendable, Equatable {
    /// Spotify track id.
    public var id: String
    public var name: String
    /// Artist names, in catalog order.
    public var artists: [String]
    /// Release year; 0 when the catalog does not know it.
    public var year: Int
    /// The classifier's mood for the track.
    public var mood: MusicMood
    /// The probability the classifier gave that mood.
    public var moodConfidence: Float
    /// Cosine similarity between the track's vector and the playlist (or mood-centroid) vector.
    public var similarity: Float
    /// The ranking score: similarity + λ · mood fit (+ `missingDataCalibration`; docs/recommender.md).
    public var score: Float
    /// `https://open.spotify.com/track/ID`
    public var url: String
    /// One line saying why the track was chosen.
    public var reason: String
    /// The track's position in the catalog (the whole catalog, also in a shard).
    public var catalogIndex: Int
    /// Σ_m target(m) · p_track(m): how well the track's mood probabilities fit the targets, in [0, 1].
    public var moodFit: Float = 0
    /// The largest terms of the similarity (feature groups and audio features), largest first.
    public var topTerms: [ScoreTerm] = []
    /// Without a playlist: the shift that centres the track's missing-data pattern (which of year,
    /// popularity and genres it lacks) on the catalog's mean score; 0 with a playlist.
    public var missingDataCalibration: Float = 0
    /// Whether one of its artists is also an artist of the query's playlist (exempt from the cap).
    public var byPlaylistArtist = false
}

/// One named part of a track's similarity to the query.
public struct ScoreTerm: Sendable, Equatable {
    public var name: String
    public var value: Float
}

/// A music mood and the weight the policy gave it.
public struct MoodWeight: Sendable, Equatable {
    public var mood: MusicMood
    public var weight: Float
}

/// The answer to a `RecommendationQuery`.
public struct RecommendationResult: Sendable {
    /// Best first; never a playlist track, never the same id twice.
    public var tracks: [Recommendation]
    /// Playlist ids not in the catalog (not used for the playlist vector), in request order.
    public var unknownTrackIds: [String]
    /// The target moods with weight > 0, heaviest first; the weights sum to 1.
    public var targetMoods: [MoodWeight]
    /// The most probable emotion of the query.
    public var emotion: Emotion
    /// How many catalog tracks were eligible (not in the playlist, passing the filters) and scored.
    public var candidates: Int
    /// True when the playlist had no known track and the target moods' centroid was used.
    public var usedMoodCentroid: Bool
    /// The fidelity/mood balance λ this query ran with (query or index default).
    public var moodWeight: Float = 0
    /// The per-artist cap it ran with (0 = none) and whether duplicates were collapsed.
    public var maxPerArtist: Int = 0
    public var deduplicated: Bool = true
}
