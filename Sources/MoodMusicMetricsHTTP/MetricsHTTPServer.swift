import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import Synchronization

/// Serves a Prometheus registry on `GET /metrics` and the owner's health on `GET /healthz`, over
/// HTTP/1.1 on one SwiftNIO event-loop thread. Sockets are non-blocking, so a slow client only
/// holds its own connection, and `MetricsServerLimits` bounds how long and how many.
///
/// Lifecycle: `start()` once (binds, or throws), then `stop()` once (closes the listener and every
/// open connection and joins the thread). `health` is called on the event-loop thread per request.
public final class MetricsHTTPServer: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let host: String
    private let requestedPort: Int
    private let limits: MetricsServerLimits
    private let health: @Sendable () -> HealthState
    private let state = Mutex<(group: MultiThreadedEventLoopGroup?, listener: (any Channel)?, port: Int)>((nil, nil, 0))
    private let openConnections = Mutex(0)

    /// The port actually bound (useful when `port` was 0 in tests); 0 before `start()`.
    public var port: Int { state.withLock { $0.port } }

    public init(registry: PrometheusCollectorRegistry, host: String = "0.0.0.0", port: Int,
                limits: MetricsServerLimits = MetricsServerLimits(), health: @escaping @Sendable () -> HealthState = { .serving }) {
        self.registry = registry
        self.host = host
        self.requestedPort = port
        self.limits = limits
        self.health = health
    }

    public func start() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let limits = limits
        let answer: @Sendable (String, String) -> MetricsHTTPResponse = { [registry, health] method, uri in
            MetricsRoute.response(method: method, uri: uri, health: health, metrics: { registry.emitToBuffer() })
        }
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 128)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                guard admit(channel) else {
                    return channel.eventLoop.makeFailedFuture(MetricsServerError("too many metrics connections"))
                }
                return channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(IdleStateHandler(readTimeout: .milliseconds(Int64(limits.idleSeconds * 1000))))
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                    try pipeline.addHandler(MetricsRequestHandler(connectionTime: .milliseconds(Int64(limits.connectionSeconds * 1000)), answer: answer))
                }
            }
        do {
            let listener = try bootstrap.bind(host: host, port: requestedPort).wait()
            state.withLock { $0 = (group, listener, listener.localAddress?.port ?? requestedPort) }
        } catch {
            try? group.syncShutdownGracefully()
            throw MetricsServerError("cannot listen on \(host):\(requestedPort): \(error)")
        }
    }

    public func stop() {
        let (group, listener) = state.withLock { current in
            defer { current.group = nil; current.listener = nil }
            return (current.group, current.listener)
        }
        try? listener?.close().wait()
        try? group?.syncShutdownGracefully()
    }

    private func admit(_ channel: any Channel) -> Bool {
        let admitted = openConnections.withLock { open in
            guard open < limits.maxConnections else { return false }
            open += 1
            return true
        }
        if admitted {
            channel.closeFuture.whenComplete { [self] _ in openConnections.withLock { $0 -= 1 } }
        }
        return admitted
    }
}

public struct MetricsServerError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
