import MoodMusicProtos
import MoodMusicWire
import Testing

@Suite struct ShardedRecommendMergeTests {
    func track(_ index: UInt32, _ score: Float, _ artist: String) -> Moodmusic_V1_Recommendation {
        var t = Moodmusic_V1_Recommendation()
        t.catalogIndex = index
        t.score = score
        t.artists = [artist]
        t.id = "t\(index)"
        return t
    }

    func reply(_ tracks: [Moodmusic_V1_Recommendation], candidates: UInt32, cap: UInt32) -> Moodmusic_V1_RecommendResponse {
        var r = Moodmusic_V1_RecommendResponse()
        r.tracks = tracks
        r.candidates = candidates
        r.maxPerArtist = cap
        r.shard = "0/2"
        return r
    }

    @Test func mergesByScoreThenIndexAndCapsOnce() {
        let a = reply([track(0, 0.9, "A"), track(2, 0.8, "A"), track(4, 0.5, "B")], candidates: 10, cap: 2)
        let b = reply([track(1, 0.9, "A"), track(3, 0.7, "C"), track(5, 0.6, "A")], candidates: 12, cap: 2)
        let merged = ShardedRecommendMerge.merge([a, b], k: 4)
        // 0 and 1 tie at 0.9: the lower index first; the third "A" (index 2) is capped out.
        #expect(merged.tracks.map(\.catalogIndex) == [0, 1, 3, 4])
        #expect(merged.candidates == 22)
        #expect(merged.shard == "")
        #expect(ShardedRecommendMerge.fetchSize(k: 40, maxPerArtist: 3) == 160)
        #expect(ShardedRecommendMerge.fetchSize(k: 40, maxPerArtist: 0) == 40)
    }

    @Test func playlistArtistsAreNotCapped() {
        var own = track(1, 0.85, "A")
        own.byPlaylistArtist = true
        let a = reply([track(0, 0.9, "A"), own, track(2, 0.8, "A")], candidates: 3, cap: 1)
        #expect(ShardedRecommendMerge.merge([a], k: 3).tracks.map(\.catalogIndex) == [0, 1])
    }

    @Test func withoutCapItIsATopK() {
        let a = reply([track(0, 0.9, "A"), track(2, 0.8, "A")], candidates: 2, cap: 0)
        let b = reply([track(1, 0.95, "A"), track(3, 0.1, "A")], candidates: 2, cap: 0)
        #expect(ShardedRecommendMerge.merge([a, b], k: 3).tracks.map(\.catalogIndex) == [1, 0, 2])
    }
}
