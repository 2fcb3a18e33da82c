import Hummingbird
import Logging
import NIOCore

/// The HTTP bridge as one value: `make` builds the router (API routes, metrics, the web page
/// and openapi.yaml from the web root) over a pool of gateway clients.
///
/// Lifecycle: `init` opens the pool; `run()` serves until SIGTERM or SIGINT, then closes it.
public struct BridgeApplication: Sendable {
    public let configuration: BridgeConfiguration
    private let pool: ClientPool
    private let metrics = BridgeMetrics()

    public init(configuration: BridgeConfiguration) throws {
        self.configuration = configuration
        pool = try ClientPool(gateway: configuration.gateway, size: configuration.connections, maximumWaiting: configuration.maximumWaiting)
    }

    public func run(logger: Logger) async throws {
        defer { pool.close() }
        let app = Application(
            router: makeRouter(),
            server: .http1(configuration: .init(idleTimeout: .seconds(configuration.idleTimeoutSeconds))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "moodmusic-http-gateway"),
            onServerRunning: { channel in
                logger.info("http-gateway listening", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "?")",
                                                                  "gateway": "\(configuration.gateway)"])
            },
            logger: logger)
        try await app.runService()
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: JSONErrorMiddleware(metrics: metrics))
        router.add(middleware: FileMiddleware(configuration.webRoot, searchForIndexHtml: true))
        BridgeRoutes(pool: pool, configuration: configuration).add(to: router)
        router.get("/metrics") { [metrics] _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: metrics.render())))
        }
        return router
    }
}
