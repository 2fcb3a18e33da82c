import Logging

/// Sends every process's logs to standard error at the level given on its command line.
public enum LogSetup {
    /// Call once, first thing in `run()`. An unknown level name falls back to `info`.
    public static func bootstrap(levelName: String) {
        let level = Logger.Level(rawValue: levelName) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
