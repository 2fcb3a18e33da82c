import Foundation

/// One item of a fake playlist, in the forms Spotify returns.
public enum FakePlaylistItem: Sendable, Equatable {
    /// A catalog-style track with its id and when it was added (ISO 8601).
    case track(id: String, name: String, addedAt: String)
    /// A local file: no Spotify id, `is_local` true.
    case localFile(name: String, addedAt: String)
    /// A podcast episode: an episode id, no track id.
    case episode(id: String, name: String, addedAt: String)
    /// An item whose track is `null` (removed from Spotify).
    case unavailable(addedAt: String)

    /// The item as Spotify's "Get Playlist Items" documents it; the playable object goes under
    /// `field` ("item" on /items since 2026, "track" on the older /tracks).
    func json(field: String) -> [String: Any] {
        let addedBy: [String: Any] = [
            "external_urls": ["spotify": "https://open.spotify.com/user/fakeowner"], "href": "https://api.spotify.com/v1/users/fakeowner",
            "id": "fakeowner", "type": "user", "uri": "spotify:user:fakeowner",
        ]
        var item: [String: Any] = ["added_by": addedBy, "is_local": false, "primary_color": NSNull(), "video_thumbnail": ["url": NSNull()]]
        switch self {
        case .track(let id, let name, let addedAt):
            item["added_at"] = addedAt
            item[field] = Self.track(id: id, name: name)
        case .localFile(let name, let addedAt):
            item["added_at"] = addedAt
            item["is_local"] = true
            var track = Self.track(id: nil, name: name)
            track["uri"] = "spotify:local:Some+Artist:Some+Album:\(name.replacingOccurrences(of: " ", with: "+")):215"
            track["is_local"] = true
            track["album"] = ["name": "Some Album", "id": NSNull(), "type": "album", "uri": NSNull(), "images": [Any]()]
            item[field] = track
        case .episode(let id, let name, let addedAt):
            item["added_at"] = addedAt
            item[field] = [
                "id": id, "name": name, "type": "episode", "uri": "spotify:episode:\(id)", "episode": true, "track": false,
                "is_local": false, "duration_ms": 1_800_000, "explicit": false,
                "external_urls": ["spotify": "https://open.spotify.com/episode/\(id)"],
                "show": ["id": "5CfCWKI5pZ28U0uOzXkDHe", "name": "A Show", "type": "show"],
            ] as [String: Any]
        case .unavailable(let addedAt):
            item["added_at"] = addedAt
            item[field] = NSNull()
        }
        return item
    }

    static func track(id: String?, name: String) -> [String: Any] {
        let artist: [String: Any] = [
            "external_urls": ["spotify": "https://open.spotify.com/artist/0TnOYISbd1XYRBk9myaseg"],
            "href": "https://api.spotify.com/v1/artists/0TnOYISbd1XYRBk9myaseg", "id": "0TnOYISbd1XYRBk9myaseg",
            "name": "An Artist", "type": "artist", "uri": "spotify:artist:0TnOYISbd1XYRBk9myaseg",
        ]
        return [
            "album": ["album_type": "album", "artists": [artist], "id": "4aawyAB9vmqN3uQ7FjRGTy", "name": "An Album",
                      "release_date": "2012-11-13", "release_date_precision": "day", "total_tracks": 12, "type": "album",
                      "uri": "spotify:album:4aawyAB9vmqN3uQ7FjRGTy", "images": [Any]()] as [String: Any],
            "artists": [artist], "disc_number": 1, "duration_ms": 215_000, "episode": false, "explicit": false,
            "external_ids": ["isrc": "USUM71212345"],
            "external_urls": ["spotify": orNull(id.map { "https://open.spotify.com/track/\($0)" })] as [String: Any],
            "href": orNull(id.map { "https://api.spotify.com/v1/tracks/\($0)" }),
            "id": orNull(id), "is_local": false, "name": name, "popularity": 50, "preview_url": NSNull(), "track": true,
            "track_number": 1, "type": "track", "uri": orNull(id.map { "spotify:track:\($0)" }),
        ]
    }
}

/// JSON null for a missing value.
func orNull(_ value: String?) -> Any {
    if let value { return value }
    return NSNull()
}
