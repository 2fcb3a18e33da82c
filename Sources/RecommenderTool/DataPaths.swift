import Foundation

/// Where the committed data lives: `data/spotify` of the repository, found from the current
/// directory upwards (so the tool works from the repository root or any folder inside it).
enum DataPaths {
    static var spotifyDirectory: String {
        var url = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for _ in 0..<6 {
            let candidate = url.appendingPathComponent("data/spotify")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("tracks.csv.gz").path) {
                return candidate.path
            }
            url.deleteLastPathComponent()
        }
        return "data/spotify"
    }
    static var tracks: String { spotifyDirectory + "/tracks.csv.gz" }
    static var artists: String { spotifyDirectory + "/artists.csv.gz" }
    static var moods: String { spotifyDirectory + "/data_moods.csv" }
}
