import Foundation

/// Folds pages of playlist items into `PlaylistTracks` and decides the next URL. No I/O.
public struct PlaylistPaging: Sendable {
    /// Spotify's largest page (50 since 2026), and its largest playlist (10,000 items): bounds memory and requests.
    public static let pageSize = 50
    public static let maxItems = 10_000

    public let endpoints: SpotifyEndpoints
    public private(set) var tracks: PlaylistTracks
    public private(set) var pagesSeen = 0
    private var itemsSeen = 0
    private var seen: Set<String> = []

    public init(endpoints: SpotifyEndpoints, playlistID: String) {
        self.endpoints = endpoints
        self.tracks = PlaylistTracks(playlistID: playlistID)
    }

    /// The first page of GET /playlists/{id}/items (the path that replaced /tracks in 2026; docs/spotify.md).
    public var firstURL: String {
        var components = URLComponents()
        components.queryItems = [
            URLQueryItem(name: "limit", value: "\(Self.pageSize)"), URLQueryItem(name: "offset", value: "0"),
            URLQueryItem(name: "additional_types", value: "track,episode"),
        ]
        return endpoints.api + "/playlists/\(tracks.playlistID)/items" + (components.string ?? "")
    }

    public enum Next: Sendable, Equatable {
        case fetch(String)
        case done
    }

    /// Adds a page; returns the next URL to fetch, `.done`, or throws when `next` would leave the API host
    /// or the playlist is longer than Spotify allows.
    public mutating func add(_ page: PlaylistItemsPage) throws(SpotifyError) -> Next {
        pagesSeen += 1
        itemsSeen += page.items.count
        guard itemsSeen <= Self.maxItems else {
            throw .badResponse("playlist \(tracks.playlistID) has more than \(Self.maxItems) items, more than Spotify allows")
        }
        for item in page.items { add(item) }
        guard let next = page.next, !next.isEmpty else { return .done }
        guard endpoints.isOnAPI(next) else {
            throw .badResponse("the playlist's next page is not on \(endpoints.api); refusing to send the token there")
        }
        guard !page.items.isEmpty else { throw .badResponse("an empty page of playlist \(tracks.playlistID) points to a next page") }
        return .fetch(next)
    }

    private mutating func add(_ item: PlaylistItemsPage.Item?) {
        guard let item, let track = item.playable else { tracks.unavailable += 1; return }
        if item.is_local == true || track.is_local == true { tracks.localFiles += 1; return }
        if track.type == "episode" { tracks.episodes += 1; return }
        guard let id = track.id, SpotifyID.isValid(id) else { tracks.unavailable += 1; return }
        guard seen.insert(id).inserted else { tracks.duplicates += 1; return }
        tracks.entries.append(.init(trackID: id, addedUnix: item.added_at.flatMap(Self.unixSeconds)))
    }

    /// "2024-05-01T12:00:00Z" → seconds since 1970.
    public static func unixSeconds(_ iso: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: iso) { return Int64(date.timeIntervalSince1970) }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: iso).map { Int64($0.timeIntervalSince1970) }
    }
}
