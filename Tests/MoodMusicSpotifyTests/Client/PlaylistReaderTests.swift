import Foundation
import MoodMusicSpotify
import MoodMusicTesting
import Testing

@Suite("Reading playlists from the fake Spotify")
struct PlaylistReaderTests {
    static let playlist = "37i9dQZF1DXcBWIGoYBM5M"

    @Test("every page is followed through next (7 items, pages of 3)")
    func paging() async throws {
        try await withFake { fake in
            let items = (1...7).map { FakePlaylistItem.track(id: trackID($0), name: "t\($0)", addedAt: "2024-01-0\($0)T00:00:00Z") }
            await fake.state.setPlaylist(Self.playlist, items)
            await fake.state.setMaxPageSize(3)
            let tracks = try await reader(fake).tracks(playlistID: Self.playlist)
            #expect(tracks.entries.map(\.trackID) == (1...7).map(trackID))
            #expect(tracks.entries.first?.addedUnix == 1_704_067_200)
            #expect(await fake.state.requests(matching: "/items").count == 3)
        }
    }

    @Test("local files, episodes and null tracks are left out and counted")
    func oddItems() async throws {
        try await withFake { fake in
            await fake.state.setPlaylist(Self.playlist, [
                .track(id: trackID(1), name: "a", addedAt: "2024-01-01T00:00:00Z"),
                .localFile(name: "my demo", addedAt: "2024-01-02T00:00:00Z"),
                .episode(id: "512ojhOuo1ktJprKbVcKyQ", name: "ep", addedAt: "2024-01-03T00:00:00Z"),
                .unavailable(addedAt: "2024-01-04T00:00:00Z"),
                .track(id: trackID(2), name: "b", addedAt: "2024-01-05T00:00:00Z"),
            ])
            let tracks = try await reader(fake).tracks(playlistID: Self.playlist)
            #expect(tracks.entries.map(\.trackID) == [trackID(1), trackID(2)])
            #expect(tracks.localFiles == 1 && tracks.episodes == 1 && tracks.unavailable == 1)
        }
    }

    @Test("a 429 waits for Retry-After, then the page comes")
    func rateLimited() async throws {
        try await withFake { fake in
            await fake.state.setPlaylist(Self.playlist, [.track(id: trackID(1), name: "a", addedAt: "2024-01-01T00:00:00Z")])
            await fake.state.addPlaylistFaults([.status(429, retryAfter: "1")])
            let tracks = try await reader(fake).tracks(playlistID: Self.playlist)
            #expect(tracks.entries.count == 1)
            #expect(await fake.state.requests(matching: "/items").count == 2)
        }
    }

    @Test("5xx twice, then success; 5xx beyond the retries is an error")
    func serverErrors() async throws {
        try await withFake { fake in
            await fake.state.setPlaylist(Self.playlist, [.track(id: trackID(1), name: "a", addedAt: "2024-01-01T00:00:00Z")])
            await fake.state.addPlaylistFaults([.status(503, retryAfter: nil), .status(500, retryAfter: nil)])
            let recovered = try await reader(fake).tracks(playlistID: Self.playlist)
            #expect(recovered.entries.count == 1)
            #expect(await fake.state.requests(matching: "/items").count == 3)

            await fake.state.addPlaylistFaults(Array(repeating: .status(502, retryAfter: nil), count: 3))
            await #expect(throws: SpotifyError.gaveUp("Spotify answered 502 to playlist \(Self.playlist) (page 1) 3 times; try again later")) {
                try await reader(fake).tracks(playlistID: Self.playlist)
            }
        }
    }

    @Test("a wrong client secret is a credentials error that does not show the secret")
    func badCredentials() async throws {
        try await withFake { fake in
            await fake.state.setPlaylist(Self.playlist, [])
            do throws(SpotifyError) {
                _ = try await reader(fake, secret: "wrong-secret-123").tracks(playlistID: Self.playlist)
                Issue.record("a wrong secret was accepted")
            } catch {
                guard case .badCredentials(let message) = error else { Issue.record("\(error)"); return }
                #expect(message.contains("invalid_client") && message.contains("SPOTIFY_CLIENT_SECRET") && !message.contains("wrong-secret-123"))
            }
        }
    }

    @Test("an unknown playlist is not-found")
    func unknown() async throws {
        try await withFake { fake in
            await #expect(throws: SpotifyError.playlistNotFound("Spotify has no playlist 0000000000000000000000 (or it is private to its owner)")) {
                try await reader(fake).tracks(playlistID: "0000000000000000000000")
            }
        }
    }

    @Test("an API nobody listens on is unreachable")
    func unreachable() async throws {
        let port = freeLoopbackPort()
        let endpoints = SpotifyEndpoints(api: "http://127.0.0.1:\(port)/v1", accounts: "http://127.0.0.1:\(port)/accounts")
        let credentials = SpotifyCredentials(clientID: "a", clientSecret: "b")
        let reader = SpotifyPlaylistReader(endpoints: endpoints, http: quickHTTP,
                                           tokens: AppTokenCache(credentials: credentials, endpoint: TokenEndpoint(endpoints: endpoints, http: quickHTTP)))
        do throws(SpotifyError) {
            _ = try await reader.tracks(playlistID: Self.playlist)
            Issue.record("reached nothing")
        } catch {
            guard case .unreachable(let message) = error else { Issue.record("\(error)"); return }
            #expect(message.contains("cannot reach Spotify"))
        }
    }

    @Test("the cached source asks Spotify once per playlist within the TTL")
    func cache() async throws {
        try await withFake { fake in
            await fake.state.setPlaylist(Self.playlist, [.track(id: trackID(1), name: "a", addedAt: "2024-01-01T00:00:00Z")])
            let source = CachedPlaylistSource(reader: reader(fake), ttlSeconds: 600)
            let first = try await source.tracks(reference: "https://open.spotify.com/playlist/\(Self.playlist)?si=x")
            let second = try await source.tracks(reference: "spotify:playlist:\(Self.playlist)")
            #expect(!first.cached && second.cached && first.tracks == second.tracks)
            #expect(await fake.state.requests(matching: "/items").count == 1)
        }
    }

    @Test("no credentials: the message says how to set them")
    func noCredentials() {
        #expect(throws: SpotifyError.self) { try SpotifyPlaylistReader.fromEnvironment(["MOODMUSIC_SPOTIFY_CREDENTIALS": "/nonexistent/c.json"]) }
        do throws(SpotifyError) { _ = try SpotifyPlaylistReader.fromEnvironment(["MOODMUSIC_SPOTIFY_CREDENTIALS": "/nonexistent/c.json"]) } catch {
            #expect(error.description.contains("SPOTIFY_CLIENT_ID") && error.description.contains("SPOTIFY_CLIENT_SECRET"))
        }
    }
}
