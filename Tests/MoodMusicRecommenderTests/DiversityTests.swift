import Foundation
import MoodMusicVocabulary
import Testing
@testable import MoodMusicRecommender

@Suite struct DiversityTests {
    var index: RecommenderIndex { RealCatalog.index }
    var catalog: Catalog { RealCatalog.catalog }

    @Test func titlesNormalise() {
        #expect(DuplicateSongs.normalisedTitle("  Chhammak   Chhallo! ") == "chhammak chhallo")
        #expect(DuplicateSongs.key(name: "A-Song", artists: ["B", "a"]) == DuplicateSongs.key(name: "a song", artists: ["A", "b"]))
        #expect(DuplicateSongs.key(name: "Song", artists: ["A"]) != DuplicateSongs.key(name: "Song", artists: ["B"]))
    }

    /// The catalog holds "Chhammak Chhallo" (Kumar Sanu) under two ids; one of them is canonical,
    /// the one with known popularity if only one has it.
    @Test func sameSongUnderTwoIdsHasOneCanonicalCopy() {
        let copies = (0..<catalog.count).filter {
            DuplicateSongs.normalisedTitle(catalog.name(at: $0)).hasPrefix("chhammak chhallo") && catalog.artists(at: $0).contains("Kumar Sanu")
        }
        #expect(copies.count >= 2)
        let canonical = Set(copies.map { index.canonicalTrack(of: $0) })
        #expect(canonical.count == 1)
        let chosen = canonical.first!
        for c in copies where c != chosen { #expect(DuplicateSongs.better(chosen, than: c, in: catalog)) }
    }

    func songKey(_ t: Recommendation) -> String { DuplicateSongs.key(name: t.name, artists: t.artists) }

    @Test(arguments: [Emotion.happy, .sad, .surprise])
    func defaultResultsHaveNoDuplicateAndAtMostThreePerArtist(emotion: Emotion) throws {
        for playlist in [RankingTests.playlist, []] {
            let result = try index.recommend(RecommendationQuery(emotion: emotion, playlist: playlist, k: 40))
            #expect(result.tracks.count == 40)
            #expect(Set(result.tracks.map(songKey)).count == 40)
            #expect(perArtist(result).values.allSatisfy { $0 <= 3 })
            #expect(result.maxPerArtist == 3 && result.deduplicated)
            // Without a playlist no artist is exempt.
            if playlist.isEmpty { #expect(result.tracks.allSatisfy { !$0.byPlaylistArtist }) }
        }
    }

    /// Songs per artist, counting only artists that are not in the playlist (those are exempt).
    func perArtist(_ result: RecommendationResult) -> [String: Int] {
        var counts: [String: Int] = [:]
        for t in result.tracks where !t.byPlaylistArtist { for a in Set(t.artists.map { $0.lowercased() }) { counts[a, default: 0] += 1 } }
        return counts
    }

    @Test func capAndDedupeCanBeSwitchedPerRequest() throws {
        // A playlist of one artist (with genres): that artist is exempt, every other one is capped.
        var counts: [String: Int] = [:]
        for i in 0..<catalog.count where !catalog.genreIdSlice(i).isEmpty {
            if let a = catalog.artists(at: i).first { counts[a, default: 0] += 1 }
        }
        let artist = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!.key
        let songs = (0..<catalog.count).filter { catalog.artists(at: $0).first == artist && !catalog.genreIdSlice($0).isEmpty }
        var query = RecommendationQuery(emotion: .neutral, playlist: songs.prefix(6).map { .init(trackId: catalog.id(at: $0)) }, k: 60)
        query.maxPerArtist = 0
        query.dedupe = false
        let free = try index.recommend(query)
        #expect(free.tracks.contains { $0.byPlaylistArtist && $0.artists.contains(artist) })
        #expect(perArtist(free).values.contains { $0 > 1 })
        query.maxPerArtist = 1
        let capped = try index.recommend(query)
        #expect(capped.tracks.count == 60)
        #expect(perArtist(capped).values.allSatisfy { $0 <= 1 })
        // Without dedupe a copy of a playlist song may come back; with it never.
        query.dedupe = true
        query.maxPerArtist = 0
        let deduped = try index.recommend(query)
        let playlistSongs = Set(query.playlist.map { index.canonicalTrack(of: catalog.index(ofId: $0.trackId)!) })
        #expect(deduped.tracks.allSatisfy { !playlistSongs.contains(index.canonicalTrack(of: $0.catalogIndex)) })
        #expect(deduped.tracks.allSatisfy { index.canonicalTrack(of: $0.catalogIndex) == $0.catalogIndex })
    }

    @Test func artistCapKeepsTheBestAndCountsEveryArtist() {
        func track(_ i: Int, _ artists: [String]) -> Recommendation {
            Recommendation(id: "\(i)", name: "", artists: artists, year: 0, mood: .happy, moodConfidence: 1,
                           similarity: 0, score: Float(10 - i), url: "", reason: "", catalogIndex: i)
        }
        let ranked = [track(0, ["A"]), track(1, ["A", "B"]), track(2, ["B"]), track(3, ["a"]), track(4, ["C"])]
        #expect(ArtistCap.apply(ranked, cap: 1, k: 5).map(\.catalogIndex) == [0, 2, 4])
        #expect(ArtistCap.apply(ranked, cap: 2, k: 3).map(\.catalogIndex) == [0, 1, 2])
        #expect(ArtistCap.apply(ranked, cap: 0, k: 4).map(\.catalogIndex) == [0, 1, 2, 3])
        var exempt = ranked
        exempt[3].byPlaylistArtist = true
        #expect(ArtistCap.apply(exempt, cap: 1, k: 5).map(\.catalogIndex) == [0, 2, 3, 4])
    }
}
