import Foundation

/// Resolves playlist references through a reader, caching each playlist for a while.
public actor CachedPlaylistSource {
    let reader: SpotifyPlaylistReader
    let now: @Sendable () -> Double
    private var cache: PlaylistCache

    public init(reader: SpotifyPlaylistReader, ttlSeconds: Double, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.reader = reader
        self.cache = PlaylistCache(ttlSeconds: ttlSeconds)
        self.now = now
    }

    /// The playlist's tracks, and whether they came from the cache.
    public func tracks(reference: String) async throws(SpotifyError) -> (tracks: PlaylistTracks, cached: Bool) {
        let id = try SpotifyID.playlist(reference).get()
        if let hit = cache.lookup(id, now: now()) { return (hit, true) }
        let tracks = try await reader.tracks(playlistID: id)
        cache.store(tracks, now: now())
        return (tracks, false)
    }
}
