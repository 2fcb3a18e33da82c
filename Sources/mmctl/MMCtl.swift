import ArgumentParser
import Foundation
import MoodMusicClient
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire

@main
struct MMCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mmctl",
        abstract: "Talks to a moodmusic gateway.",
        subcommands: [HealthCommand.self, EchoCommand.self, DetectCommand.self, RecommendCommand.self, VideoCommand.self, KeysCommand.self, SpotifyCommand.self]
    )
}

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The gateway's client endpoint. Env: MOODMUSIC_GATEWAY.")
    var gateway = EnvironmentDefault.string(EnvironmentVariable.gateway, "tcp://127.0.0.1:5555")

    @Flag(help: "Print the response as JSON (protobuf JSON mapping) instead of a table.")
    var json = false

    @Option(help: "Deadline for the call in milliseconds.")
    var timeoutMs: UInt32 = 30_000

    @Flag(help: "Wait (up to the deadline) for a worker to join instead of failing with UNAVAILABLE.")
    var waitForReady = false

    @Option(help: "This client's CurveZMQ key pair (its public key must be in the gateway's client allow-list). Env: MOODMUSIC_CURVE_KEYS.")
    var curveKeys: String?

    @Option(help: "The gateway's public key file. Env: MOODMUSIC_GATEWAY_KEY.")
    var gatewayKey: String?

    /// Runs `body` with a client; prints an RPC failure as "CODE: message" and exits 1.
    func withClient<T>(_ body: (MoodMusicClient) throws(RPCError) -> T) throws -> T {
        let security: SocketSecurity
        do { security = try SocketSecurity.client(keyPairFile: curveKeys ?? ProcessInfo.processInfo.environment["MOODMUSIC_CURVE_KEYS"],
                                                  gatewayPublicKeyFile: gatewayKey ?? ProcessInfo.processInfo.environment["MOODMUSIC_GATEWAY_KEY"]) } catch {
            printError("mmctl: \(error)")
            throw ExitCode(2)
        }
        let client = try MoodMusicClient(gateway: gateway, defaultTimeoutMs: timeoutMs, security: security)
        client.defaultWaitForReady = waitForReady
        defer { client.close() }
        do {
            return try body(client)
        } catch {
            printError("mmctl: \(error.code.name): \(error.message)")
            throw ExitCode(1)
        }
    }
}
