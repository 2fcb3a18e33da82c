import ArgumentParser
import Logging
import Shared

/// The kinds of worker. Each is a set of service handlers; every one includes Echo.
enum WorkerRole: String, ExpressibleByArgument, CaseIterable {
    case echo
    case emotion
    case recommender

    /// Echo calls run on the I/O thread, so an echo worker can hold many at once.
    var defaultPrefetch: Int { self == .echo ? 256 : 0 }

    func makeHandlers(workerName: String, emotion: EmotionRoleOptions, recommender: RecommenderRoleOptions, logger: Logger) throws -> [any ServiceHandler] {
        let echo = EchoHandler(workerName: workerName)
        switch self {
        case .echo:
            return [echo]
        case .emotion:
            return [echo, try EmotionHandler.load(options: emotion, logger: logger)]
        case .recommender:
            return [echo, try RecommenderHandler.load(options: recommender, logger: logger)]
        }
    }
}
