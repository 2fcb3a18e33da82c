import Foundation
import MoodMusicProcess
import MoodMusicWire
import Tracing

/// A `SpanSink` over a swift-otel tracer. swift-otel picks every span's id itself when the span
/// starts, and its exporter types are internal, so a span cannot be exported under an id chosen
/// beforehand: `begin` therefore starts the real span (at the given past instant) and reads its
/// id back through the W3C propagator; `finish` sets the record's attributes and ends it at the
/// record's end time. Open spans are held by id, at most `maximumOpen` of them.
final class OTelSpanSink<T: Tracer>: SpanSink, @unchecked Sendable {
    private let tracer: T
    private let lock = NSLock()
    private var open: [String: T.Span] = [:]
    private let maximumOpen: Int
    /// Wall-clock ns minus monotonic ns, taken once: span times are monotonic in this process.
    private let epochOffsetNs: Int64

    init(tracer: T, maximumOpen: Int = 65_536) {
        self.tracer = tracer
        self.maximumOpen = maximumOpen
        epochOffsetNs = Int64(Date().timeIntervalSince1970 * 1e9) - MonotonicClock.nowNsSigned()
    }

    var isRecording: Bool { true }

    func begin(_ name: String, parent: TraceParent?, startNs: Int64) -> TraceParent {
        var context = InstrumentationContext.topLevel
        if let parent { tracer.extract([TraceParent.metadataKey: parent.description], into: &context, using: MetadataCarrier()) }
        let span = tracer.startSpan(name, context: context, ofKind: parent == nil ? .server : .internal, at: instant(startNs))
        var carrier: [String: String] = [:]
        tracer.inject(span.context, into: &carrier, using: MetadataCarrier())
        guard let named = TraceParent(metadata: carrier) else {
            // Not sampled or not propagatable: nothing will be exported; pass the trace on anyway.
            span.end()
            return TraceParent.child(of: parent)
        }
        let tracked = lock.withLock { () -> Bool in
            guard open.count < maximumOpen else { return false }
            open[named.parentID] = span
            return true
        }
        if !tracked { span.end(at: instant(startNs)) }
        return named
    }

    func finish(_ record: SpanRecord) {
        guard let span = lock.withLock({ open.removeValue(forKey: record.context.parentID) }) else { return }
        for (key, value) in record.attributes { span.attributes[key] = value }
        if let error = record.error { span.setStatus(SpanStatus(code: .error, message: error)) }
        span.end(at: instant(record.endNs))
    }

    private func instant(_ monotonicNs: Int64) -> EpochInstant {
        EpochInstant(nanosecondsSinceEpoch: UInt64(clamping: monotonicNs &+ epochOffsetNs))
    }
}

struct EpochInstant: TracerInstant {
    let nanosecondsSinceEpoch: UInt64
    static func < (lhs: Self, rhs: Self) -> Bool { lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch }
}

/// Reads and writes the W3C headers in a metadata map.
struct MetadataCarrier: Extractor, Injector {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
}
