import Foundation

/// Defaults for command-line options that an environment variable can override, so that every
/// port and address can be set either way (flag first, then variable, then built-in default).
public enum EnvironmentDefault {
    public static func string(_ variable: String, _ fallback: String) -> String {
        ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 } ?? fallback
    }

    public static func int(_ variable: String, _ fallback: Int) -> Int {
        ProcessInfo.processInfo.environment[variable].flatMap(Int.init) ?? fallback
    }
}

/// The environment variables the processes read; docs/protocol.md and the README list them.
public enum EnvironmentVariable {
    public static let gateway = "MOODMUSIC_GATEWAY"            // client side: tcp://127.0.0.1:5555
    public static let frontend = "MOODMUSIC_FRONTEND"          // gateway bind: tcp://*:5555
    public static let backend = "MOODMUSIC_BACKEND"            // gateway bind: tcp://*:5556
    public static let workerGateway = "MOODMUSIC_WORKER_GATEWAY" // worker connect: tcp://127.0.0.1:5556
    public static let metricsPort = "MOODMUSIC_METRICS_PORT"   // 0 = off
    public static let heartbeatMs = "MOODMUSIC_HEARTBEAT_MS"
    public static let heartbeatLiveness = "MOODMUSIC_HEARTBEAT_LIVENESS"
}
