import MoodMusicSpotify
import Testing

@Suite("Spotify ids, links and URIs")
struct SpotifyIDTests {
    static let id = "37i9dQZF1DXcBWIGoYBM5M"

    @Test("links, URIs and bare ids give the playlist id", arguments: [
        "37i9dQZF1DXcBWIGoYBM5M",
        "  37i9dQZF1DXcBWIGoYBM5M\n",
        "spotify:playlist:37i9dQZF1DXcBWIGoYBM5M",
        "spotify:user:someone:playlist:37i9dQZF1DXcBWIGoYBM5M",
        "https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M",
        "https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M?si=abc123&pt=x",
        "https://open.spotify.com/intl-de/playlist/37i9dQZF1DXcBWIGoYBM5M",
        "http://open.spotify.com/user/someone/playlist/37i9dQZF1DXcBWIGoYBM5M",
    ])
    func accepted(reference: String) throws {
        #expect(try SpotifyID.playlist(reference).get() == Self.id)
    }

    @Test("everything else is refused with a message", arguments: [
        "", "37i9dQZF1DXcBWIGoYBM5", "37i9dQZF1DXcBWIGoYBM5M5", "37i9dQZF1DXcBWIGoYBM5!",
        "spotify:track:37i9dQZF1DXcBWIGoYBM5M", "spotify:playlist:", "https://evil.example/playlist/37i9dQZF1DXcBWIGoYBM5M",
        "https://open.spotify.com/track/37i9dQZF1DXcBWIGoYBM5M", "ftp://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M",
        "https://open.spotify.com/playlist/", String(repeating: "a", count: 10_000),
    ])
    func refused(reference: String) {
        guard case .failure(let error) = SpotifyID.playlist(reference) else { Issue.record("accepted \(reference.prefix(60))"); return }
        #expect(error.description.contains("is not a Spotify playlist"))
        #expect(error.description.count < 400)
    }

    @Test("tracks parse the same way")
    func tracks() throws {
        #expect(try SpotifyID.track("spotify:track:4uLU6hMCjMI75M1A2tKUQC").get() == "4uLU6hMCjMI75M1A2tKUQC")
        #expect(try SpotifyID.track("https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC?si=1").get() == "4uLU6hMCjMI75M1A2tKUQC")
        #expect(SpotifyID.trackURI("4uLU6hMCjMI75M1A2tKUQC") == "spotify:track:4uLU6hMCjMI75M1A2tKUQC")
        #expect(SpotifyID.trackLink("4uLU6hMCjMI75M1A2tKUQC") == "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC")
    }
}
