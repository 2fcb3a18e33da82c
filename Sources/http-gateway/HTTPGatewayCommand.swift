import ArgumentParser
import Logging
import MoodMusicHTTP
import MoodMusicProcess
import MoodMusicTracing
import MoodMusicWire

@main
struct HTTPGatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http-gateway",
        abstract: "Serves the moodmusic API as HTTP/JSON (web/openapi.yaml) and the web page, over the ZeroMQ gateway.",
        discussion: "Every option can also be set with the environment variable shown."
    )

    @Option(help: "The ZeroMQ gateway's client endpoint. Env: MOODMUSIC_GATEWAY.")
    var gateway = EnvironmentDefault.string(EnvironmentVariable.gateway, "tcp://127.0.0.1:5555")

    @Option(help: "HOST:PORT to listen on. Env: MOODMUSIC_HTTP_LISTEN.")
    var listen = EnvironmentDefault.string("MOODMUSIC_HTTP_LISTEN", "127.0.0.1:8080")

    @Option(help: "Folder with the web page and openapi.yaml. Env: MOODMUSIC_WEB_ROOT.")
    var webRoot = EnvironmentDefault.string("MOODMUSIC_WEB_ROOT", "web")

    @Option(help: "Largest request body in bytes.")
    var maxBodyBytes = 16 << 20

    @Option(help: "Deadline in ms for calls that name none (grpc-timeout header or ?timeout=).")
    var defaultTimeoutMs: UInt32 = 30_000

    @Option(help: "Longest deadline in ms a call may ask for; longer ones are cut to this.")
    var maxTimeoutMs: UInt32 = 120_000

    @Option(help: "Gateway calls in flight at once.")
    var connections = 8

    @Option(help: "Calls that may wait for a free connection before RESOURCE_EXHAUSTED.")
    var maxWaiting = 256

    @Option(help: "Seconds an idle HTTP connection is kept open.")
    var idleTimeoutSeconds: Int64 = 30

    @Option(help: "OTLP/HTTP endpoint to export trace spans to (e.g. http://127.0.0.1:4318); none = no export. Env: OTEL_EXPORTER_OTLP_ENDPOINT.")
    var otlpEndpoint: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func validate() throws {
        guard BridgeConfiguration.parseListen(listen) != nil else { throw ValidationError("--listen must be HOST:PORT, got \(listen)") }
        guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes must be positive") }
        guard defaultTimeoutMs > 0, maxTimeoutMs > 0 else { throw ValidationError("timeouts must be positive") }
        guard (1...1024).contains(connections) else { throw ValidationError("--connections must be 1 to 1024") }
        guard maxWaiting >= 0 else { throw ValidationError("--max-waiting must not be negative") }
        guard idleTimeoutSeconds > 0 else { throw ValidationError("--idle-timeout-seconds must be positive") }
    }

    func run() async throws {
        LogSetup.bootstrap(levelName: logLevel)
        let (host, port) = BridgeConfiguration.parseListen(listen)!
        var configuration = BridgeConfiguration(
            gateway: gateway, host: host, port: port, webRoot: webRoot, maximumBodyBytes: maxBodyBytes,
            deadline: CallDeadline(defaultMs: defaultTimeoutMs, maximumMs: maxTimeoutMs), connections: connections,
            maximumWaiting: maxWaiting, idleTimeoutSeconds: idleTimeoutSeconds)
        let logger = Logger(label: "http-gateway")
        let spanExport = try SpanExport.start(serviceName: "moodmusic-http-gateway", endpoint: SpanExport.endpoint(flag: otlpEndpoint), logger: logger)
        configuration.spans = spanExport?.sink ?? DiscardedSpans.shared
        do {
            try await BridgeApplication(configuration: configuration).run(logger: logger)
        } catch {
            await spanExport?.finish()
            throw error
        }
        await spanExport?.finish()
    }
}
