import Foundation
import MoodMusicSpotify
import Testing

@Suite("Credentials, endpoints and exports")
struct SettingsTests {
    @Test("credentials come from the environment first, then the file; the secret never prints")
    func credentials() throws {
        let fromEnv = try #require(try SpotifyCredentials.load(["SPOTIFY_CLIENT_ID": "id1", "SPOTIFY_CLIENT_SECRET": "s3cr3t", "HOME": "/nonexistent"]))
        #expect(fromEnv == SpotifyCredentials(clientID: "id1", clientSecret: "s3cr3t"))
        #expect(!"\(fromEnv)".contains("s3cr3t") && !String(reflecting: fromEnv).contains("s3cr3t"))

        let dir = NSTemporaryDirectory() + "mm-cred-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/c.json"
        try Data(#"{"client_id": "id2", "client_secret": "x"}"#.utf8).write(to: URL(fileURLWithPath: file))
        #expect(try SpotifyCredentials.load(["MOODMUSIC_SPOTIFY_CREDENTIALS": file]) == SpotifyCredentials(clientID: "id2", clientSecret: "x"))
        #expect(try SpotifyCredentials.load(["MOODMUSIC_SPOTIFY_CREDENTIALS": dir + "/none.json"]) == nil)
        try Data("not json".utf8).write(to: URL(fileURLWithPath: file))
        #expect(throws: SpotifyError.self) { try SpotifyCredentials.load(["MOODMUSIC_SPOTIFY_CREDENTIALS": file]) }
    }

    @Test("base URLs come from the environment, with Spotify's as defaults")
    func endpoints() {
        #expect(SpotifyEndpoints.fromEnvironment([:]) == SpotifyEndpoints(api: "https://api.spotify.com/v1", accounts: "https://accounts.spotify.com"))
        let local = SpotifyEndpoints.fromEnvironment(["MOODMUSIC_SPOTIFY_API_URL": "http://127.0.0.1:9/v1/", "MOODMUSIC_SPOTIFY_ACCOUNTS_URL": "http://127.0.0.1:9/a"])
        #expect(local.api == "http://127.0.0.1:9/v1" && local.tokenURL == "http://127.0.0.1:9/a/api/token")
        #expect(local.isOnAPI("http://127.0.0.1:9/v1/playlists/x") && !local.isOnAPI("http://127.0.0.1:10/v1/x") && !local.isOnAPI("http://127.0.0.2:9/v1/x"))
    }

    @Test("exports carry URIs, names and links; XML is escaped")
    func exports() {
        let songs = [PlaylistExport.Song(id: "4uLU6hMCjMI75M1A2tKUQC", name: "Rock & <Roll>", artists: ["A", "B"])]
        #expect(PlaylistExport.Format(path: "x.M3U") == .m3u && PlaylistExport.Format(path: "x.xspf") == .xspf && PlaylistExport.Format(path: "x.txt") == nil)
        let m3u = PlaylistExport.render(songs, title: "t", format: .m3u)
        #expect(m3u.hasPrefix("#EXTM3U\n") && m3u.contains("#EXTINF:-1,A, B - Rock & <Roll>\n") && m3u.contains("\nspotify:track:4uLU6hMCjMI75M1A2tKUQC\n"))
        let xspf = PlaylistExport.render(songs, title: "t", format: .xspf)
        #expect(xspf.contains("<title>Rock &amp; &lt;Roll&gt;</title>") && xspf.contains("<location>spotify:track:4uLU6hMCjMI75M1A2tKUQC</location>"))
        #expect(xspf.contains("<info>https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC</info>"))
        let json = PlaylistExport.render(songs, title: "t", format: .json)
        let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let first = (object?["tracks"] as? [[String: Any]])?.first
        #expect(first?["uri"] as? String == "spotify:track:4uLU6hMCjMI75M1A2tKUQC" && first?["name"] as? String == "Rock & <Roll>")
        #expect(first?["url"] as? String == "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC")
    }
}
