import ArgumentParser
import CMimalloc
import Foundation
import Logging
import MoodMusicMetricsHTTP
import MoodMusicProcess
import MoodMusicGateway
import MoodMusicProtos
import MoodMusicTracing
import MoodMusicTransport
import MoodMusicWire

@main
struct GatewayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Routes moodmusic requests from clients to workers (docs/protocol.md).",
        discussion: "Every option can also be set with the environment variable shown."
    )

    @Option(help: "Client endpoint to bind (ROUTER). Env: MOODMUSIC_FRONTEND.")
    var frontend = EnvironmentDefault.string(EnvironmentVariable.frontend, "tcp://*:5555")

    @Option(help: "Worker endpoint to bind (ROUTER). Env: MOODMUSIC_BACKEND.")
    var backend = EnvironmentDefault.string(EnvironmentVariable.backend, "tcp://*:5556")

    @Option(help: "Heartbeat interval in ms. Env: MOODMUSIC_HEARTBEAT_MS.")
    var heartbeatMs = EnvironmentDefault.int(EnvironmentVariable.heartbeatMs, 1000)

    @Option(help: "Missed heartbeats before a worker is dropped. Env: MOODMUSIC_HEARTBEAT_LIVENESS.")
    var heartbeatLiveness = EnvironmentDefault.int(EnvironmentVariable.heartbeatLiveness, 3)

    @Option(help: "Requests that may wait per service before RESOURCE_EXHAUSTED.")
    var maxQueue = 4096

    @Option(help: "Deadline in ms for requests that set none.")
    var defaultTimeoutMs = 30_000

    @Option(help: "Largest request payload in bytes.")
    var maxRequestBytes = 64 << 20

    @Option(help: "Largest video a client-streaming AnalyzeVideo/RecommendForVideo upload may assemble, in bytes.")
    var maxVideoBytes = 64 << 20

    @Option(help: "Payload bytes held (queued or running) per service before RESOURCE_EXHAUSTED.")
    var maxHeldBytesPerService = 256 << 20

    @Option(help: "Payload bytes held in all before RESOURCE_EXHAUSTED.")
    var maxHeldBytes = 512 << 20

    @Option(help: "On SIGTERM, ms that queued and running calls may take before they are answered UNAVAILABLE.")
    var drainTimeoutMs = 10_000

    @Option(help: "The gateway's CurveZMQ key pair (mmctl keys generate). Turns on CURVE for clients and workers. Env: MOODMUSIC_CURVE_KEYS.")
    var curveKeys: String?

    @Option(help: "Folder of client public keys (*.pub) allowed to call. Env: MOODMUSIC_CLIENT_KEYS.")
    var clientKeys: String?

    @Option(help: "Folder of worker public keys (*.pub) allowed to register. Env: MOODMUSIC_WORKER_KEYS.")
    var workerKeys: String?

    @Flag(help: "No CURVE, even when keys are configured (local development only).")
    var insecure = false

    @Option(help: "Port for Prometheus metrics at /metrics; 0 = off. Env: MOODMUSIC_METRICS_PORT.")
    var metricsPort = EnvironmentDefault.int(EnvironmentVariable.metricsPort, 0)

    @Option(help: "Address the metrics endpoint binds.")
    var metricsHost = "0.0.0.0"

    @Option(help: "OTLP/HTTP endpoint to export trace spans to (e.g. http://127.0.0.1:4318); none = no export. Env: OTEL_EXPORTER_OTLP_ENDPOINT.")
    var otlpEndpoint: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func validate() throws {
        guard heartbeatMs > 0, heartbeatLiveness > 0 else { throw ValidationError("heartbeat settings must be positive") }
        guard maxQueue > 0 else { throw ValidationError("--max-queue must be positive") }
        guard defaultTimeoutMs > 0 else { throw ValidationError("--default-timeout-ms must be positive") }
        guard maxRequestBytes > 0, maxRequestBytes <= 1 << 30 else { throw ValidationError("--max-request-bytes must be 1...1073741824") }
        guard maxHeldBytesPerService >= maxRequestBytes, maxHeldBytes >= maxHeldBytesPerService else {
            throw ValidationError("byte budgets must satisfy max-request-bytes <= max-held-bytes-per-service <= max-held-bytes")
        }
        guard maxVideoBytes > 0, maxVideoBytes <= maxHeldBytesPerService else {
            throw ValidationError("--max-video-bytes must be 1...max-held-bytes-per-service")
        }
        guard drainTimeoutMs >= 0 else { throw ValidationError("--drain-timeout-ms must be >= 0") }
    }

    func run() throws {
        let stop = StopToken()
        ShutdownSignal.route(to: [stop])
        LogSetup.bootstrap(levelName: logLevel)
        let logger = Logger(label: "gateway")
        // Linked for speed (docs/performance.md, "Two frames per client message, mimalloc, fewer allocations");
        // logged so an operator can see it is in use.
        logger.info("heap allocator", metadata: ["allocator": "\(Allocator.name)", "mimalloc_version": "\(mi_version())"])
        let (soft, hard) = FileDescriptorLimit.raiseSoftToHard()
        logger.info("file descriptor limit", metadata: ["soft": "\(soft)", "hard": "\(hard)"])
        var configuration = GatewayConfiguration()
        configuration.frontend = frontend
        configuration.backend = backend
        configuration.heartbeat = HeartbeatPolicy(intervalMs: heartbeatMs, liveness: heartbeatLiveness)
        configuration.maxQueuePerService = maxQueue
        configuration.defaultTimeoutMs = defaultTimeoutMs
        configuration.maxRequestBytes = maxRequestBytes
        configuration.maxHeldBytesPerService = maxHeldBytesPerService
        configuration.maxVideoBytes = maxVideoBytes
        configuration.maxHeldBytesTotal = maxHeldBytes
        configuration.drainTimeoutMs = drainTimeoutMs

        let transport = ZMQTransport()
        let environment = ProcessInfo.processInfo.environment
        let clientKeys = clientKeys ?? environment["MOODMUSIC_CLIENT_KEYS"]
        let workerKeys = workerKeys ?? environment["MOODMUSIC_WORKER_KEYS"]
        if !insecure, let curveKeys = curveKeys ?? environment["MOODMUSIC_CURVE_KEYS"] {
            guard let clientKeys, let workerKeys else {
                printError("gateway: with --curve-keys, give --client-keys and --worker-keys (folders of *.pub files)")
                throw ExitCode(2)
            }
            do {
                let security = GatewaySecurity(keys: try CurveKeyPair.load(curveKeys), clientKeys: try CurveKeyPair.allowList(directory: clientKeys),
                                               workerKeys: try CurveKeyPair.allowList(directory: workerKeys))
                try transport.startAuthenticator(security.policy)
                configuration.security = security
                logger.info("CURVE on", metadata: ["public_key": "\(security.keys.publicKey)", "clients_allowed": "\(security.clientKeys.count)",
                                                   "workers_allowed": "\(security.workerKeys.count)"])
            } catch {
                printError("gateway: \(error)")
                throw ExitCode(2)
            }
        } else {
            logger.warning("CURVE off: any process that reaches the ports can call the service or join as a worker")
        }
        let spanExport = try SpanExport.start(serviceName: "moodmusic-gateway", endpoint: SpanExport.endpoint(flag: otlpEndpoint), logger: logger)
        configuration.spans = spanExport?.sink ?? DiscardedSpans.shared
        let metrics = GatewayMetrics()
        let loop: GatewayLoop
        do {
            loop = try GatewayLoop(configuration: configuration, transport: transport, metrics: metrics, logger: logger, stop: stop)
        } catch {
            printError("gateway: \(error)")
            throw ExitCode(2)
        }
        var metricsServer: MetricsHTTPServer?
        if metricsPort > 0 {
            let server = MetricsHTTPServer(registry: metrics.registry, host: metricsHost, port: metricsPort) {
                stop.isTriggered ? HealthState(isServing: false, detail: "draining") : .serving
            }
            try server.start()
            metricsServer = server
        }
        logger.info("gateway listening", metadata: [
            "frontend": "\(loop.frontendEndpoint)", "backend": "\(loop.backendEndpoint)",
            "metrics": "\(metricsPort > 0 ? "http://\(metricsHost):\(metricsPort)/metrics" : "off")",
        ])
        try loop.run()
        spanExport?.shutdown()
        metricsServer?.stop()
        transport.close()
        logger.info("gateway stopped")
    }
}
