import ArgumentParser
import MoodMusicRecommender

struct GenerateCatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen-catalog",
        abstract: "Write a synthetic Kaggle-schema tracks.csv that follows the committed catalog's distributions."
    )

    @Option(help: "Number of rows.")
    var rows = 600_000
    @Option(help: "Output path.")
    var out: String
    @Option(help: "Seed.")
    var seed: UInt64 = 0

    func run() throws {
        let (real, _) = try Catalog.load(tracksPath: DataPaths.tracks, artistsPath: DataPaths.artists)
        let (synthetic, _) = Catalog.synthetic(from: real, count: rows, seed: seed)
        try synthetic.writeCSV(to: out)
        print("wrote \(rows) rows to \(out)")
    }
}
