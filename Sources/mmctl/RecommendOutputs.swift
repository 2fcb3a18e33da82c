import ArgumentParser
import Foundation
import MoodMusicProcess
import MoodMusicSpotify
import MoodMusicClient
import MoodMusicWire

extension RecommendCommand {
    /// --out and --save-to-spotify, after the songs are printed.
    func deliver(_ response: Moodmusic_V1_RecommendResponse, title: String) throws {
        let songs = response.tracks.map { PlaylistExport.Song(id: $0.id, name: $0.name, artists: $0.artists) }
        if let out, let format = PlaylistExport.Format(path: out) {
            do { try PlaylistExport.render(songs, title: title, format: format).write(toFile: out, atomically: true, encoding: .utf8) } catch {
                printError("mmctl: cannot write \(out): \(error.localizedDescription)")
                throw ExitCode(1)
            }
            printError("wrote \(songs.count) songs to \(out)")
        }
        if let name = saveToSpotify {
            let session = try SpotifyCLI.session()
            let signedIn: Bool
            do { signedIn = try session.hasToken() } catch { SpotifyCLI.fail(error) }
            if !signedIn {
                try SpotifyCLI.signIn(session, options: signIn)
            }
            let ids = songs.map(\.id)
            let created = try SpotifyCLI.perform { () async throws(SpotifyError) in
                try await session.writer.createPlaylist(name: name, description: "\(title), \(ids.count) songs chosen by moodmusic", trackIDs: ids)
            }
            print("saved \(ids.count) songs to the private Spotify playlist '\(name)': \(created.url)")
        }
    }
}
