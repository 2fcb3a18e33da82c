import Foundation

/// One page of `GET /playlists/{id}/tracks`, as Spotify's reference documents it. Only the
/// fields this service reads are decoded; everything else in the item is ignored.
public struct PlaylistItemsPage: Decodable, Sendable, Equatable {
    public struct Item: Decodable, Sendable, Equatable {
        /// ISO 8601; null on some very old playlists.
        public var added_at: String?
        public var is_local: Bool?
        /// A track or an episode; null when the item is no longer available. Since February 2026
        /// Spotify names it `item` (for Development Mode apps); `track` is the older name.
        public var item: Playable?
        public var track: Playable?

        public var playable: Playable? { item ?? track }
    }

    public struct Playable: Decodable, Sendable, Equatable {
        /// null for local files.
        public var id: String?
        public var name: String?
        /// "track" or "episode".
        public var type: String?
        public var uri: String?
        public var is_local: Bool?
    }

    public var items: [Item?]
    public var next: String?
    public var offset: Int?
    public var total: Int?
}

/// A playlist's usable tracks and what was left out.
public struct PlaylistTracks: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var trackID: String
        /// Seconds since 1970; nil when Spotify did not say.
        public var addedUnix: Int64?
        public init(trackID: String, addedUnix: Int64?) {
            self.trackID = trackID
            self.addedUnix = addedUnix
        }
    }

    public var playlistID: String
    public var entries: [Entry] = []
    /// Local files (no Spotify id).
    public var localFiles = 0
    /// Podcast episodes.
    public var episodes = 0
    /// Items whose track is null (removed from Spotify) or has no id.
    public var unavailable = 0
    /// The same track more than once: only the first (earliest listed) is kept.
    public var duplicates = 0

    public init(playlistID: String) { self.playlistID = playlistID }

    public var skipped: Int { localFiles + episodes + unavailable + duplicates }
}
