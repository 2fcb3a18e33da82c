import Foundation
import Logging
import MoodMusicVision
import MoodMusicWire

/// The emotion models this worker has loaded, by name, and which one a request gets.
///
/// fer is always loaded (it is the pipeline's own classifier); moodnet is loaded when its file is present.
struct EmotionModelSet: Sendable {
    let classifiers: [EmotionModelName: EmotionClassifier]

    /// `fer` is the classifier the pipeline was built with; moodnet comes from `moodnetPath` (default: its
    /// default path) when that file exists. A moodnet file that exists but does not load is a startup error.
    static func load(fer: EmotionClassifier, moodnetPath: String?, logger: Logger) throws -> EmotionModelSet {
        var classifiers: [EmotionModelName: EmotionClassifier] = [.fer: fer]
        let path = moodnetPath ?? EmotionModelName.moodnet.defaultPath()
        if FileManager.default.fileExists(atPath: path) {
            classifiers[.moodnet] = EmotionClassifier(model: try EmotionModelName.moodnet.load(path: moodnetPath))
            logger.info("emotion model moodnet loaded from \(path)")
        } else {
            logger.info("emotion model moodnet not installed (\(path)); requests for it get FAILED_PRECONDITION")
        }
        return EmotionModelSet(classifiers: classifiers)
    }

    /// The model a request names ("" for the service default).
    func choose(_ requested: String) throws(RPCError) -> (name: EmotionModelName, classifier: EmotionClassifier) {
        guard let name = EmotionModelName.resolve(requested) else {
            let known = EmotionModelName.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidArgument("emotion_model '\(requested.prefix(64))' is not a model; known: \(known)")
        }
        guard let classifier = classifiers[name] else {
            throw RPCError(.failedPrecondition, "emotion model \(name.rawValue) is not installed on this worker")
        }
        return (name, classifier)
    }
}
