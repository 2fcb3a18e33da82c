import ArgumentParser
import MoodMusicRecommender

struct LoadReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load-report",
        abstract: "Load a catalog (tracks.csv[.gz] + optional artists.csv[.gz]) and print what the loader did."
    )

    @Option(help: "tracks.csv in the Kaggle 600k schema (default: the committed catalog).")
    var catalog: String?

    @Option(help: "artists.csv in the Kaggle schema, for genres (default: the committed one when --catalog is not given).")
    var artists: String?

    func run() throws {
        let tracksPath = catalog ?? DataPaths.tracks
        let artistsPath = artists ?? (catalog == nil ? DataPaths.artists : nil)
        let (loaded, report) = try Catalog.load(tracksPath: tracksPath, artistsPath: artistsPath)
        print("catalog: \(tracksPath)")
        print("artists: \(artistsPath ?? "(none)")")
        print(report)
        _ = loaded
    }
}
