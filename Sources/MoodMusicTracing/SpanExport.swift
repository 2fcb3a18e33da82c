import Foundation
import Logging
import MoodMusicWire
import OTel
import ServiceLifecycle

/// Span export over OTLP/HTTP (protobuf) with swift-otel, for processes that run plain threads:
/// `start` builds the tracer and runs swift-otel's background service in a task; `shutdown`
/// stops it gracefully, which exports what is still batched, and waits for that.
public final class SpanExport: @unchecked Sendable {
    /// The sink to give the gateway, worker or bridge.
    public let sink: any SpanSink
    private let group: ServiceGroup
    private let running: Task<Void, Never>
    private let logger: Logger

    /// The endpoint to use: the flag, else OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or
    /// OTEL_EXPORTER_OTLP_ENDPOINT; nil (no export) when none is set.
    public static func endpoint(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let flag, !flag.isEmpty { return flag }
        if let traces = environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"], !traces.isEmpty { return traces }
        if let base = environment["OTEL_EXPORTER_OTLP_ENDPOINT"], !base.isEmpty { return base }
        return nil
    }

    /// The URL spans are POSTed to: a base URL gets "/v1/traces", as the OTLP/HTTP spec asks.
    public static func tracesURL(_ endpoint: String) -> String {
        if endpoint.hasSuffix("/v1/traces") { return endpoint }
        return (endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint) + "/v1/traces"
    }

    /// Starts export to `endpoint` as `serviceName`, or returns nil when `endpoint` is nil.
    public static func start(serviceName: String, endpoint: String?, logger: Logger) throws -> SpanExport? {
        guard let endpoint else { return nil }
        var configuration = OTel.Configuration.default
        configuration.serviceName = serviceName
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        configuration.traces.otlpExporter.endpoint = tracesURL(endpoint)
        configuration.traces.batchSpanProcessor.scheduleDelay = .milliseconds(500)
        configuration.diagnosticLogger = .custom(logger)
        configuration.diagnosticLogLevel = .warning
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        return SpanExport(sink: OTelSpanSink(tracer: backend.factory), service: backend.service, logger: logger)
    }

    private init(sink: any SpanSink, service: some Service, logger: Logger) {
        self.sink = sink
        self.logger = logger
        let group = ServiceGroup(services: [service], logger: logger)
        self.group = group
        running = Task.detached {
            do { try await group.run() } catch { logger.warning("span export stopped", metadata: ["error": "\(error)"]) }
        }
        logger.info("exporting spans over OTLP/HTTP")
    }

    /// `shutdown` for async callers: exports what is batched and stops.
    public func finish() async {
        await group.triggerGracefulShutdown()
        await running.value
    }

    /// Exports what is batched and stops; waits at most `timeoutSeconds`. Call once, after the
    /// last span has finished.
    public func shutdown(timeoutSeconds: Double = 5) {
        let done = DispatchSemaphore(value: 0)
        let group = group, running = running
        Task.detached {
            await group.triggerGracefulShutdown()
            await running.value
            done.signal()
        }
        if done.wait(timeout: .now() + timeoutSeconds) == .timedOut {
            logger.warning("span export did not finish in time; some spans may be lost")
        }
    }
}
