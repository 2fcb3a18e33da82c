import Logging
import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire

/// The kinds of worker. Each is a set of service handlers; every one includes Echo.
public enum WorkerRole: String, CaseIterable, Sendable {
    case echo
    case emotion
    case recommender
    /// VideoService: decodes videos and spreads their frames over the emotion workers.
    case video

    /// Echo calls run on the I/O thread, so an echo worker can hold many at once.
    public var defaultPrefetch: Int { self == .echo ? 256 : 0 }

    public func makeHandlers(workerName: String, emotion: EmotionRoleSettings, recommender: RecommenderRoleSettings,
                             video: VideoRoleSettings = VideoRoleSettings(), security: SocketSecurity = .none,
                             logger: Logger) throws -> [any ServiceHandler] {
        let echo = EchoHandler(workerName: workerName)
        switch self {
        case .echo:
            return [echo]
        case .emotion:
            return [echo, try EmotionHandler.load(options: emotion, logger: logger)]
        case .recommender:
            return [echo, try RecommenderHandler.load(options: recommender, logger: logger)]
        case .video:
            return [echo, VideoHandler(settings: video, security: security)]
        }
    }
}
