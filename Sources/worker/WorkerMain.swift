import Foundation
import ArgumentParser
import CMimalloc
import Logging
import MoodMusicMetricsHTTP
import MoodMusicProcess
import MoodMusicWorker
import MoodMusicProtos
import MoodMusicTracing
import MoodMusicTransport
import MoodMusicWire

@main
struct WorkerMain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Serves one moodmusic role for a gateway (docs/protocol.md, worker protocol).",
        discussion: """
            Roles: echo (Diagnostics.Echo only), emotion (EmotionService), recommender (RecommenderService),
            video (VideoService: calls the emotion workers through the gateway's frontend).
            Every role also serves Diagnostics.Echo. Options can also be set with the environment variable shown.
            """
    )

    @Argument(help: "The role to serve: echo, emotion, recommender or video.")
    var role: WorkerRole

    @Option(help: "The gateway's backend endpoint. Env: MOODMUSIC_WORKER_GATEWAY.")
    var gateway = EnvironmentDefault.string(EnvironmentVariable.workerGateway, "tcp://127.0.0.1:5556")

    @Option(help: "Requests run at once (threads).")
    var concurrency = 1

    @Option(help: "Requests held queued beyond those running (default: 0; echo role: 256, as echoes run on the I/O thread).")
    var prefetch: Int?

    @Option(help: "A name for logs, metrics and Echo replies (default: role-pid).")
    var name: String?

    @Option(help: "Heartbeat interval in ms. Env: MOODMUSIC_HEARTBEAT_MS.")
    var heartbeatMs = EnvironmentDefault.int(EnvironmentVariable.heartbeatMs, 1000)

    @Option(help: "Missed heartbeats before the gateway counts as gone. Env: MOODMUSIC_HEARTBEAT_LIVENESS.")
    var heartbeatLiveness = EnvironmentDefault.int(EnvironmentVariable.heartbeatLiveness, 3)

    @Option(help: "Port for Prometheus metrics at /metrics; 0 = off. Env: MOODMUSIC_METRICS_PORT.")
    var metricsPort = EnvironmentDefault.int(EnvironmentVariable.metricsPort, 0)

    @Option(help: "Address the metrics endpoint binds.")
    var metricsHost = "0.0.0.0"

    @Option(help: "This worker's CurveZMQ key pair (its public key must be in the gateway's worker allow-list). Env: MOODMUSIC_CURVE_KEYS.")
    var curveKeys: String?

    @Option(help: "The gateway's public key file. Env: MOODMUSIC_GATEWAY_KEY.")
    var gatewayKey: String?

    @OptionGroup(title: "Emotion role")
    var emotion: EmotionRoleOptions

    @OptionGroup(title: "Recommender role")
    var recommender: RecommenderRoleOptions

    @OptionGroup(title: "Video role")
    var video: VideoRoleOptions

    @Option(help: "OTLP/HTTP endpoint to export trace spans to (e.g. http://127.0.0.1:4318); none = no export. Env: OTEL_EXPORTER_OTLP_ENDPOINT.")
    var otlpEndpoint: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func validate() throws {
        guard concurrency >= 1 && concurrency <= 256 else { throw ValidationError("--concurrency must be 1...256") }
        if let prefetch { guard prefetch >= 0 && prefetch <= 10_000 else { throw ValidationError("--prefetch must be 0...10000") } }
        guard heartbeatMs > 0, heartbeatLiveness > 0 else { throw ValidationError("heartbeat settings must be positive") }
        guard video.videoWindow >= 1 && video.videoWindow <= 1024 else { throw ValidationError("--video-window must be 1...1024") }
        guard video.videoMaxFrames >= 1 && video.videoMaxFrames <= 100_000, video.videoMaxPixels >= 1 else {
            throw ValidationError("--video-max-frames must be 1...100000 and --video-max-pixels positive")
        }
    }

    func run() throws {
        let stop = StopToken()
        ShutdownSignal.route(to: [stop])
        LogSetup.bootstrap(levelName: logLevel)
        let workerName = name ?? "\(role.rawValue)-\(getpid())"
        let logger = Logger(label: "worker.\(role.rawValue)")
        // Linked for speed (docs/performance.md, "Two frames per client message, mimalloc, fewer allocations");
        // logged so an operator can see it is in use.
        logger.info("heap allocator", metadata: ["allocator": "\(Allocator.name)", "mimalloc_version": "\(mi_version())"])

        var configuration = WorkerConfiguration()
        configuration.gateway = gateway
        configuration.concurrency = concurrency
        configuration.prefetch = prefetch ?? role.defaultPrefetch
        configuration.name = workerName
        configuration.heartbeat = HeartbeatPolicy(intervalMs: heartbeatMs, liveness: heartbeatLiveness)
        do {
            configuration.security = try SocketSecurity.client(keyPairFile: curveKeys ?? ProcessInfo.processInfo.environment["MOODMUSIC_CURVE_KEYS"],
                                                  gatewayPublicKeyFile: gatewayKey ?? ProcessInfo.processInfo.environment["MOODMUSIC_GATEWAY_KEY"])
        } catch {
            printError("worker: \(error)")
            throw ExitCode(2)
        }

        let handlers: [any ServiceHandler]
        do {
            handlers = try role.makeHandlers(workerName: workerName, emotion: emotion.settings, recommender: recommender.settings,
                                             video: video.settings, security: configuration.security, logger: logger)
        } catch {
            printError("worker \(role.rawValue): \(error)")
            throw ExitCode(2)
        }

        let metrics = WorkerMetrics(role: role.rawValue)
        var metricsServer: MetricsHTTPServer?
        if metricsPort > 0 {
            let server = MetricsHTTPServer(registry: metrics.registry, host: metricsHost, port: metricsPort)
            try server.start()
            metricsServer = server
        }
        let transport = ZMQTransport()
        let spanExport = try SpanExport.start(serviceName: "moodmusic-worker-\(role.rawValue)", endpoint: SpanExport.endpoint(flag: otlpEndpoint), logger: logger)
        configuration.spans = spanExport?.sink ?? DiscardedSpans.shared
        let runtime = WorkerRuntime(configuration: configuration, handlers: handlers, transport: transport, metrics: metrics, logger: logger, stop: stop)
        try runtime.run()
        spanExport?.shutdown()
        metricsServer?.stop()
        transport.close()
    }
}
extension WorkerRole: ExpressibleByArgument {}
