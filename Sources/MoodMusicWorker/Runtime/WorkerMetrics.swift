import Prometheus
import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire
import Synchronization

/// The worker's Prometheus series: calls by method and status, their durations, work in flight.
public final class WorkerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let series = Mutex<[SeriesKey: (Counter, DurationHistogram)]>([:])

    private struct SeriesKey: Hashable {
        let method: String
        let code: Int
    }
    private let inFlight: Gauge
    private let role: String

    public init(role: String) {
        self.role = role
        inFlight = registry.makeGauge(descriptor: .init(
            namespace: "moodmusic", subsystem: "worker", metricName: "in_flight", unitName: "",
            helpText: "Requests running on this worker"), labels: [("role", role)])
    }

    public func record(method: String, code: StatusCode, durationNs: UInt64) {
        let key = SeriesKey(method: method, code: code.rawValue)
        let (counter, histogram) = series.withLock { cache in
            if let hit = cache[key] { return hit }
            let counter = registry.makeCounter(descriptor: .init(
                namespace: "moodmusic", subsystem: "worker", metricName: "requests", unitName: "total",
                helpText: "Requests handled, by method and status code"),
                labels: [("role", role), ("method", method), ("code", code.name)])
            let histogram = registry.makeDurationHistogram(descriptor: .init(
                namespace: "moodmusic", subsystem: "worker", metricName: "handle_duration", unitName: "seconds",
                helpText: "Time spent in the handler"), labels: [("role", role), ("method", method)],
                buckets: [.microseconds(50), .microseconds(200), .milliseconds(1), .milliseconds(2), .milliseconds(5),
                          .milliseconds(10), .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                          .milliseconds(500), .seconds(1), .seconds(2.5)])
            cache[key] = (counter, histogram)
            return (counter, histogram)
        }
        counter.increment()
        histogram.recordNanoseconds(Int64(durationNs))
    }

    public func setInFlight(_ value: Int) { inFlight.set(Double(value)) }
}
