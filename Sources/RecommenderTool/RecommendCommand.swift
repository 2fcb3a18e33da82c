import ArgumentParser
import MoodMusicVocabulary
import Foundation
import MoodMusicRecommender

struct RecommendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Rank the catalog for an emotion and a playlist, and print a table."
    )

    @Option(help: "tracks.csv[.gz] (default: the committed catalog).")
    var catalog: String?
    @Option(help: "artists.csv[.gz] for genres (default: the committed one when --catalog is not given).")
    var artists: String?
    @Option(help: "Emotion name (angry, disgust, fear, happy, sad, surprise, neutral) or 7 comma-separated probabilities.")
    var emotion = "neutral"
    @Option(help: "match, uplift or affect.")
    var policy = "match"
    @Flag(help: "With --policy affect: uplift semantics.")
    var affectUplift = false
    @Option(help: "Fidelity/mood balance λ (0...10); default: the index's.")
    var moodWeight: Float?
    @Option(help: "Songs per artist at most (0 = no cap); default 3.")
    var maxPerArtist: Int?
    @Flag(help: "Keep the same song under several ids.")
    var noDedupe = false
    @Option(help: "Comma-separated catalog track ids.")
    var playlist = ""
    @Option(help: "Number of tracks.")
    var k = 10
    @Flag(help: "Leave out explicit tracks.")
    var excludeExplicit = false
    @Option(help: "Earliest release year.")
    var yearMin: Int?
    @Option(help: "Latest release year.")
    var yearMax: Int?

    func run() throws {
        let tracksPath = catalog ?? DataPaths.tracks
        let (loaded, _) = try Catalog.load(tracksPath: tracksPath, artistsPath: artists ?? (catalog == nil ? DataPaths.artists : nil))
        let (moods, _) = try MoodTrainingSet.load(path: DataPaths.moods)
        let index = RecommenderIndex(catalog: loaded, classifier: MoodClassifier.train(on: moods),
                                     buildThreads: ProcessInfo.processInfo.activeProcessorCount)
        let probabilities: [Float]
        if let named = Emotion.allCases.first(where: { $0.description == emotion.lowercased() }) {
            probabilities = named.oneHot
        } else {
            probabilities = emotion.split(separator: ",").compactMap { Float($0.trimmingCharacters(in: .whitespaces)) }
        }
        guard let moodPolicy = MoodPolicy(rawValue: policy) else { throw ValidationError("policy must be match, uplift or affect") }
        var query = RecommendationQuery(
            emotionProbabilities: probabilities,
            playlist: playlist.split(separator: ",").map { .init(trackId: String($0)) },
            policy: moodPolicy, k: k, excludeExplicit: excludeExplicit, yearMin: yearMin, yearMax: yearMax
        )
        query.moodWeight = moodWeight
        query.maxPerArtist = maxPerArtist
        query.dedupe = !noDedupe
        query.affectUplift = affectUplift
        let started = Date()
        let result = try index.recommend(query)
        let micros = Int(Date().timeIntervalSince(started) * 1e6)
        print("emotion: \(result.emotion)  targets: " + result.targetMoods.map { "\($0.mood) \(String(format: "%.2f", $0.weight))" }.joined(separator: ", ")
              + "  candidates: \(result.candidates)  \(micros) µs")
        if !result.unknownTrackIds.isEmpty { print("unknown ids: \(result.unknownTrackIds.joined(separator: ", "))") }
        for (rank, t) in result.tracks.enumerated() {
            let line = String(format: "%3d  %.3f  %.3f  %-9@ %.2f  %4d  ", rank + 1, t.score, t.similarity, t.mood.description, t.moodConfidence, t.year)
            print(line + "\(t.name) — \(t.artists.joined(separator: ", "))  \(t.url)")
            print("     \(t.reason)")
        }
    }
}
