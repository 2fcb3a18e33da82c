import Logging
import MoodMusicTesting
import MoodMusicWire
import MoodMusicWorker

/// The real handlers of every role, loaded once for all fuzz tests (model, cascades, BlazeFace,
/// the bundled catalog and the trained mood classifier).
enum LoadedHandlers {
    static let all: Result<[any ServiceHandler], any Error> = Result {
        let logger = Logger(label: "fuzz")
        let emotion = try WorkerRole.emotion.makeHandlers(
            workerName: "fuzz-emotion", emotion: EmotionRoleSettings(model: RepositoryPaths.file("models/emotion_model.hdf5")),
            recommender: RecommenderRoleSettings(), logger: logger)
        let recommender = try WorkerRole.recommender.makeHandlers(
            workerName: "fuzz-recommender", emotion: EmotionRoleSettings(),
            recommender: RecommenderRoleSettings(catalog: RepositoryPaths.file("data/spotify/tracks.csv.gz"),
                                                 artists: RepositoryPaths.file("data/spotify/artists.csv.gz"),
                                                 moods: RepositoryPaths.file("data/spotify/data_moods.csv")),
            logger: logger)
        return emotion + recommender.filter { $0.service != Contract.Services.diagnostics }
    }

    static func handler(for service: String) throws -> any ServiceHandler {
        guard let handler = try all.get().first(where: { $0.service == service }) else {
            throw FuzzSetupError("no handler for \(service)")
        }
        return handler
    }
}

struct FuzzSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
