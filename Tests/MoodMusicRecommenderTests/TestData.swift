import Foundation
@testable import MoodMusicRecommender

/// Paths to the committed data and small helpers shared by the test files.
enum TestData {
    static let spotify: String = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/spotify").path
    static var tracks: String { spotify + "/tracks.csv.gz" }
    static var artists: String { spotify + "/artists.csv.gz" }
    static var moods: String { spotify + "/data_moods.csv" }

    /// Writes `text` to a fresh temporary file and returns its path.
    static func temporaryFile(_ text: String, name: String = "tracks.csv") -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reco-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let header = "id,name,popularity,duration_ms,explicit,artists,id_artists,release_date,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature"

    /// A valid row; `name`, `artists`, … override single fields (already CSV-encoded).
    static func row(id: String, name: String = "Song", popularity: String = "50", explicit: String = "0",
                    artists: String = "['A']", idArtists: String = "['a1']", date: String = "2001-02-03",
                    danceability: String = "0.5") -> String {
        "\(id),\(name),\(popularity),200000,\(explicit),\(artists),\(idArtists),\(date),\(danceability),0.6,5,-7.5,1,0.05,0.3,0.0,0.1,0.4,120.0,4"
    }
}

/// The committed real catalog and an index over it, loaded once for all tests.
enum RealCatalog {
    static let loaded: (Catalog, LoadReport) = try! Catalog.load(tracksPath: TestData.tracks, artistsPath: TestData.artists)
    static var catalog: Catalog { loaded.0 }

    /// A classifier trained on every fifth labelled row with few iterations: cheap enough for debug
    /// builds; mood quality does not matter for the ranking tests.
    static let classifier: MoodClassifier = {
        let (data, _) = try! MoodTrainingSet.load(path: TestData.moods)
        return MoodClassifier.train(on: data.subset(Array(Swift.stride(from: 0, to: data.count, by: 5))),
                                    settings: .init(maxIterations: 40))
    }()

    static let index = RecommenderIndex(catalog: catalog, classifier: classifier, buildThreads: 2)
}
