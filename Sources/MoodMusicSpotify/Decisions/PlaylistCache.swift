/// Resolved playlists kept for `ttlSeconds`, at most `capacity` of them (the oldest go first).
/// Pure: the caller passes the time.
public struct PlaylistCache: Sendable {
    public let ttlSeconds: Double
    public let capacity: Int
    private var entries: [String: (tracks: PlaylistTracks, storedAt: Double)] = [:]

    public init(ttlSeconds: Double, capacity: Int = 256) {
        self.ttlSeconds = ttlSeconds
        self.capacity = max(1, capacity)
    }

    public var count: Int { entries.count }

    public mutating func lookup(_ playlistID: String, now: Double) -> PlaylistTracks? {
        guard let entry = entries[playlistID] else { return nil }
        guard now - entry.storedAt < ttlSeconds, now >= entry.storedAt else {
            entries[playlistID] = nil
            return nil
        }
        return entry.tracks
    }

    public mutating func store(_ tracks: PlaylistTracks, now: Double) {
        guard ttlSeconds > 0 else { return }
        if entries[tracks.playlistID] == nil, entries.count >= capacity,
           let oldest = entries.min(by: { $0.value.storedAt < $1.value.storedAt })?.key {
            entries[oldest] = nil
        }
        entries[tracks.playlistID] = (tracks, now)
    }
}

/// Splits a playlist's tracks into those the local catalog knows (the seeds) and the rest.
public struct PlaylistSeed: Sendable, Equatable {
    public var found: [PlaylistTracks.Entry]
    public var missingTrackIDs: [String]

    public static func split(_ tracks: PlaylistTracks, isKnown: (String) -> Bool) -> PlaylistSeed {
        var seed = PlaylistSeed(found: [], missingTrackIDs: [])
        for entry in tracks.entries {
            if isKnown(entry.trackID) { seed.found.append(entry) } else { seed.missingTrackIDs.append(entry.trackID) }
        }
        return seed
    }

    /// Why a playlist cannot seed anything, or nil when it can.
    public static func emptyReason(_ tracks: PlaylistTracks, seed: PlaylistSeed) -> String? {
        guard seed.found.isEmpty else { return nil }
        if tracks.entries.isEmpty {
            return "Spotify playlist \(tracks.playlistID) has no usable tracks (\(tracks.localFiles) local files, \(tracks.episodes) episodes, \(tracks.unavailable) unavailable): nothing to seed the recommendations with"
        }
        return "none of the \(tracks.entries.count) tracks of Spotify playlist \(tracks.playlistID) is in the local catalog, so it cannot seed the recommendations; use a playlist with catalog tracks or leave the playlist out"
    }
}
