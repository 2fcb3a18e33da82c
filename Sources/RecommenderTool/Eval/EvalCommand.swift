import ArgumentParser
import Foundation
import MoodMusicRecommender
import MoodMusicVocabulary

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Offline quality harness: playlist continuation, mood fit, diversity and bias, next to baselines.",
        discussion: """
        Without --peers it scores this project's ranking only. scripts/bench-recommender-quality runs \
        `eval --write-queries DIR`, the Python peers (random, most popular, the original pandas + \
        scikit-learn method plain and mood-prioritised), then `eval --peers DIR` for one table.
        """
    )

    @Option(help: "Artist playlists (artists with >= 10 songs).")
    var artists = 150
    @Option(help: "Genre playlists (genres with >= 60 songs).")
    var genres = 60
    @Option(help: "Seed for the playlist sample.")
    var seed: UInt64 = 7
    @Option(help: "Write the playlists, target moods and track moods for the Python peers here, then stop.")
    var writeQueries: String?
    @Option(help: "Read the Python peers' ranked lists (peers.tsv) from this directory.")
    var peers: String?
    @Option(help: "Comma-separated λ values for the fidelity/mood sweep (policy match).")
    var sweep = "0,0.05,0.1,0.2,0.3,0.5,1"
    @Option(help: "Feature-group weights for sensitivity runs, e.g. year=0.2,genre=1 (groups: audio, genre, decade, year, popularity, mood; the rest keep FeatureWeights' defaults).")
    var weights = ""
    @Flag(help: "Print markdown tables.")
    var markdown = false

    func run() throws {
        let (catalog, _) = try Catalog.load(tracksPath: DataPaths.tracks, artistsPath: DataPaths.artists)
        let (moods, _) = try MoodTrainingSet.load(path: DataPaths.moods)
        let featureWeights = try Self.parseWeights(weights)
        let index = RecommenderIndex(catalog: catalog, classifier: MoodClassifier.train(on: moods), weights: featureWeights,
                                     buildThreads: ProcessInfo.processInfo.activeProcessorCount)
        let playlists = EvalPlaylists.build(index: index, artistCount: artists, genreCount: genres, seed: seed)
        if let writeQueries {
            try EvalFiles.write(directory: writeQueries, index: index, playlists: playlists)
            print("wrote \(playlists.count) playlists to \(writeQueries)")
            return
        }
        var report = EvalReport(index: index, playlists: playlists, markdown: markdown)
        report.runOurs()
        report.runSweep(Self.parseSweep(sweep))
        if let peers { try report.addPeers(EvalFiles.readPeers(directory: peers, index: index)) }
        report.print()
    }

    static func parseWeights(_ text: String) throws -> FeatureWeights {
        var w = FeatureWeights()
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=")
            guard parts.count == 2, let value = Float(parts[1]), value >= 0, value.isFinite else {
                throw ValidationError("--weights: '\(item)' is not group=value with a value >= 0")
            }
            switch parts[0] {
            case "audio": w.audio = value
            case "genre": w.genre = value
            case "decade": w.year = value
            case "year": w.exactYear = value
            case "popularity": w.popularity = value
            case "mood": w.mood = value
            default: throw ValidationError("--weights: unknown group '\(parts[0])'")
            }
        }
        return w
    }

    static func parseSweep(_ text: String) -> [Float] { text.split(separator: ",").compactMap { Float($0) } }
}
