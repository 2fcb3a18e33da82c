import Foundation

extension EmotionModel {
    /// Environment variable that overrides where the model file is.
    public static let pathEnvironmentVariable = "MOODMUSIC_MODEL"

    /// `$MOODMUSIC_MODEL` when set, else `models/emotion_model.hdf5` relative to the current directory
    /// (where `scripts/fetch-models` puts it when run from the repository root).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment[pathEnvironmentVariable], !path.isEmpty { return path }
        return "models/emotion_model.hdf5"
    }

    /// `models/emotion_model.hdf5` in the repository that contains `sourceFile` (the caller's `#filePath` by
    /// default): the nearest enclosing directory with a `Package.swift`. For tests and tools that may run from
    /// any directory. Nil when no such directory exists.
    public static func repositoryModelPath(near sourceFile: String = #filePath) -> String? {
        var directory = URL(fileURLWithPath: sourceFile).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory.appendingPathComponent("models/emotion_model.hdf5").path
            }
            directory.deleteLastPathComponent()
        }
        return nil
    }
}
