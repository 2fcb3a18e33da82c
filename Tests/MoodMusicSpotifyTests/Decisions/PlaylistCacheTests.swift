import MoodMusicSpotify
import Testing

@Suite("Playlist cache and seeding")
struct PlaylistCacheTests {
    func tracks(_ id: String, _ trackIDs: [String]) -> PlaylistTracks {
        var tracks = PlaylistTracks(playlistID: id)
        tracks.entries = trackIDs.map { .init(trackID: $0, addedUnix: 100) }
        return tracks
    }

    @Test("entries live for the TTL, then go")
    func ttl() {
        var cache = PlaylistCache(ttlSeconds: 60)
        cache.store(tracks("p", ["a"]), now: 1000)
        #expect(cache.lookup("p", now: 1059) == tracks("p", ["a"]))
        #expect(cache.lookup("p", now: 1060) == nil)
        #expect(cache.count == 0)
    }

    @Test("a zero TTL caches nothing; capacity evicts the oldest")
    func capacity() {
        var off = PlaylistCache(ttlSeconds: 0)
        off.store(tracks("p", []), now: 0)
        #expect(off.lookup("p", now: 0) == nil)
        var cache = PlaylistCache(ttlSeconds: 100, capacity: 2)
        cache.store(tracks("a", []), now: 1)
        cache.store(tracks("b", []), now: 2)
        cache.store(tracks("c", []), now: 3)
        #expect(cache.count == 2 && cache.lookup("a", now: 4) == nil && cache.lookup("c", now: 4) != nil)
    }

    @Test("seeds are the catalog's tracks; the rest are listed as missing")
    func split() {
        let playlist = tracks("p", ["in1", "out1", "in2", "out2"])
        let seed = PlaylistSeed.split(playlist) { $0.hasPrefix("in") }
        #expect(seed.found.map(\.trackID) == ["in1", "in2"] && seed.missingTrackIDs == ["out1", "out2"])
        #expect(PlaylistSeed.emptyReason(playlist, seed: seed) == nil)
    }

    @Test("a playlist wholly outside the catalog has a reason that says so")
    func outside() throws {
        let playlist = tracks("p", ["x", "y"])
        let reason = try #require(PlaylistSeed.emptyReason(playlist, seed: PlaylistSeed.split(playlist) { _ in false }))
        #expect(reason.contains("none of the 2 tracks") && reason.contains("catalog"))
        let empty = PlaylistTracks(playlistID: "q")
        #expect(PlaylistSeed.emptyReason(empty, seed: PlaylistSeed.split(empty) { _ in true })?.contains("no usable tracks") == true)
    }
}
