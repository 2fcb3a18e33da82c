import Foundation
import MoodMusicSpotify
import Testing

@Suite("Playlist paging")
struct PlaylistPagingTests {
    let endpoints = SpotifyEndpoints(api: "https://api.spotify.com/v1/", accounts: "https://accounts.spotify.com")

    func page(_ json: String) throws -> PlaylistItemsPage { try JSONDecoder().decode(PlaylistItemsPage.self, from: Data(json.utf8)) }

    @Test("the first URL asks /items for 50 (Spotify's largest page), tracks and episodes")
    func firstURL() throws {
        let paging = PlaylistPaging(endpoints: endpoints, playlistID: "37i9dQZF1DXcBWIGoYBM5M")
        let url = try #require(URLComponents(string: paging.firstURL))
        #expect(url.host == "api.spotify.com" && url.path == "/v1/playlists/37i9dQZF1DXcBWIGoYBM5M/items")
        let query = Dictionary(uniqueKeysWithValues: (url.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(query["limit"] == "50" && query["offset"] == "0" && query["additional_types"] == "track,episode")
    }

    @Test("tracks are kept (under `item` or `track`); local files, episodes, null tracks and repeats are counted")
    func itemKinds() throws {
        var paging = PlaylistPaging(endpoints: endpoints, playlistID: "p")
        let next = try paging.add(page("""
        {"items": [
          {"added_at": "2024-05-01T12:00:00Z", "is_local": false, "item": {"id": "4uLU6hMCjMI75M1A2tKUQC", "type": "track", "name": "a"}},
          {"added_at": "2024-05-02T00:00:00Z", "is_local": true, "track": {"id": null, "type": "track", "name": "mine.mp3", "is_local": true}},
          {"added_at": "2024-05-03T00:00:00Z", "is_local": false, "track": {"id": "512ojhOuo1ktJprKbVcKyQ", "type": "episode"}},
          {"added_at": "2024-05-04T00:00:00Z", "is_local": false, "track": null},
          null,
          {"added_at": null, "is_local": false, "track": {"id": "3n3Ppam7vgaVa1iaRUc9Lp", "type": "track"}},
          {"added_at": "2024-06-01T00:00:00.123Z", "is_local": false, "track": {"id": "4uLU6hMCjMI75M1A2tKUQC", "type": "track"}},
          {"added_at": "2024-06-01T00:00:00Z", "is_local": false, "track": {"id": "bad id", "type": "track"}}
        ], "next": null, "total": 8}
        """))
        #expect(next == .done)
        #expect(paging.tracks.entries == [.init(trackID: "4uLU6hMCjMI75M1A2tKUQC", addedUnix: 1_714_564_800),
                                          .init(trackID: "3n3Ppam7vgaVa1iaRUc9Lp", addedUnix: nil)])
        #expect(paging.tracks.localFiles == 1 && paging.tracks.episodes == 1 && paging.tracks.unavailable == 3 && paging.tracks.duplicates == 1)
    }

    @Test("next is followed on the API host only")
    func nextHost() throws {
        var paging = PlaylistPaging(endpoints: endpoints, playlistID: "p")
        let item = #"{"added_at": null, "track": {"id": "4uLU6hMCjMI75M1A2tKUQC", "type": "track"}}"#
        let good = "https://api.spotify.com/v1/playlists/p/tracks?offset=100&limit=100"
        #expect(try paging.add(page(#"{"items": [\#(item)], "next": "\#(good)"}"#)) == .fetch(good))
        #expect(throws: SpotifyError.self) {
            try paging.add(page(#"{"items": [\#(item)], "next": "https://attacker.example/v1/x"}"#))
        }
    }

    @Test("more items than Spotify allows stops the paging")
    func bounded() throws {
        var paging = PlaylistPaging(endpoints: endpoints, playlistID: "p")
        let item = #"{"added_at": null, "track": null}"#
        let body = #"{"items": [\#(Array(repeating: item, count: 50).joined(separator: ","))], "next": "https://api.spotify.com/v1/n"}"#
        for _ in 0..<200 { _ = try paging.add(page(body)) }
        #expect(throws: SpotifyError.self) { try paging.add(page(body)) }
    }

    @Test("an empty page that points onward is an error, not a loop")
    func emptyPageLoop() throws {
        var paging = PlaylistPaging(endpoints: endpoints, playlistID: "p")
        #expect(throws: SpotifyError.self) { try paging.add(page(#"{"items": [], "next": "https://api.spotify.com/v1/n"}"#)) }
    }
}
