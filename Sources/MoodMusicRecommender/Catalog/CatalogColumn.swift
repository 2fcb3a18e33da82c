/// The numeric columns of a catalog, in `tracks.csv` order. `releaseYear` comes from
/// `release_date` (a year, year-month or full date).
public enum CatalogColumn: Int, CaseIterable, Sendable {
    case popularity, durationMs, explicit, releaseYear
    case danceability, energy, key, loudness, mode, speechiness, acousticness
    case instrumentalness, liveness, valence, tempo, timeSignature

    /// The header name in the Kaggle `tracks.csv`.
    public var csvName: String {
        switch self {
        case .popularity: "popularity"
        case .durationMs: "duration_ms"
        case .explicit: "explicit"
        case .releaseYear: "release_date"
        case .danceability: "danceability"
        case .energy: "energy"
        case .key: "key"
        case .loudness: "loudness"
        case .mode: "mode"
        case .speechiness: "speechiness"
        case .acousticness: "acousticness"
        case .instrumentalness: "instrumentalness"
        case .liveness: "liveness"
        case .valence: "valence"
        case .tempo: "tempo"
        case .timeSignature: "time_signature"
        }
    }

    var bit: UInt16 { 1 << UInt16(rawValue) }
}
