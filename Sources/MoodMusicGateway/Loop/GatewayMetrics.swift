import Prometheus
import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire

/// The gateway's Prometheus series. Series objects are cached so the hot path does one
/// dictionary look-up per request instead of a registry look-up.
public final class GatewayMetrics {
    public let registry = PrometheusCollectorRegistry()
    private var queueDepth: [String: Gauge] = [:]
    private var liveWorkers: [String: Gauge] = [:]
    private let heartbeatFailures: Counter
    private let malformedFrames: Counter
    private let retries: Counter
    private let heldBytes: Gauge
    /// Failed accepts on the frontend (for example out of file descriptors), counted per attempt.
    let acceptFailures: Counter

    private static let latencyBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public init() {
        heartbeatFailures = registry.makeCounter(descriptor: .init(
            namespace: "moodmusic", subsystem: "gateway", metricName: "heartbeat_failures", unitName: "total",
            helpText: "Workers dropped because they missed their heartbeats"))
        malformedFrames = registry.makeCounter(descriptor: .init(
            namespace: "moodmusic", subsystem: "gateway", metricName: "malformed_messages", unitName: "total",
            helpText: "Messages that did not follow the protocol"))
        heldBytes = registry.makeGauge(descriptor: .init(
            namespace: "moodmusic", subsystem: "gateway", metricName: "held_payload", unitName: "bytes",
            helpText: "Payload bytes of calls the gateway holds, queued or running"))
        acceptFailures = registry.makeCounter(descriptor: .init(
            namespace: "moodmusic", subsystem: "gateway", metricName: "accept_failures", unitName: "total",
            helpText: "Failed accepts of client connections (often the file descriptor limit); libzmq retries while the cause lasts, so this counts attempts"))
        retries = registry.makeCounter(descriptor: .init(
            namespace: "moodmusic", subsystem: "gateway", metricName: "retries", unitName: "total",
            helpText: "Requests re-sent to another worker after theirs died"))
        for service in Contract.workerServices {
            queueDepth[service] = registry.makeGauge(descriptor: .init(
                namespace: "moodmusic", subsystem: "gateway", metricName: "queue_depth", unitName: "",
                helpText: "Requests waiting for a free worker"), labels: [("service", service)])
            liveWorkers[service] = registry.makeGauge(descriptor: .init(
                namespace: "moodmusic", subsystem: "gateway", metricName: "live_workers", unitName: "",
                helpText: "Workers serving the service that answer heartbeats"), labels: [("service", service)])
        }
    }

    /// The series of one method: a counter per status code (made on first use) and the latency histogram.
    private final class MethodSeries {
        var counters: [Counter?] = Array(repeating: nil, count: 17)
        let latency: DurationHistogram
        init(latency: DurationHistogram) { self.latency = latency }
    }

    private var methodSeries: [String: MethodSeries] = [:]
    private var lastSeries: (method: String, series: MethodSeries)?

    public func recordRequest(method: String, code: StatusCode, durationNs: UInt64) {
        // Calls come in runs of one method, and a method's path is one string the contract made: comparing it with
        // the last one is cheaper than hashing it.
        let series = (lastSeries?.method == method ? lastSeries?.series : nil) ?? methodSeries[method] ?? {
            let created = MethodSeries(latency: registry.makeDurationHistogram(descriptor: .init(
                namespace: "moodmusic", subsystem: "gateway", metricName: "request_duration", unitName: "seconds",
                helpText: "Time from receiving a request to sending its answer"), labels: [("method", method)],
                buckets: Self.latencyBuckets))
            methodSeries[method] = created
            return created
        }()
        lastSeries = (method, series)
        let slot = min(max(code.rawValue, 0), 16)
        let counter = series.counters[slot] ?? {
            let created = registry.makeCounter(descriptor: .init(
                namespace: "moodmusic", subsystem: "gateway", metricName: "requests", unitName: "total",
                helpText: "Requests answered, by method and status code"), labels: [("method", method), ("code", code.name)])
            series.counters[slot] = created
            return created
        }()
        counter.increment()
        series.latency.recordNanoseconds(Int64(durationNs))
    }

    public func setQueueDepth(service: String, _ value: Int) { queueDepth[service]?.set(Double(value)) }
    public func setLiveWorkers(service: String, _ value: Int) { liveWorkers[service]?.set(Double(value)) }
    public func heartbeatFailure() { heartbeatFailures.increment() }
    public func malformedMessage() { malformedFrames.increment() }
    public func retried() { retries.increment() }
    public func setHeldBytes(_ value: Int) { heldBytes.set(Double(value)) }
}

extension GatewayMetrics {
    /// Applies one of the core's metric effects.
    public func record(_ metric: BrokerMetric) {
        switch metric {
        case .request(let method, let code, let durationNs): recordRequest(method: method, code: code, durationNs: durationNs)
        case .malformedMessage: malformedMessage()
        case .retried: retried()
        case .heartbeatFailure: heartbeatFailure()
        case .queueDepth(let service, let depth): setQueueDepth(service: service, depth)
        case .liveWorkers(let service, let count): setLiveWorkers(service: service, count)
        case .queuedBytes(let bytes): setHeldBytes(bytes)
        }
    }
}
