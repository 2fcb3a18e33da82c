/// One finished span, with times on the process's monotonic clock (ns). `context` names the span
/// itself (its trace and its own id); `parentID` is the span it hangs under, nil for a root.
public struct SpanRecord: Sendable, Equatable {
    public let name: String
    public let context: TraceParent
    public let parentID: String?
    public let startNs: Int64
    public let endNs: Int64
    public let attributes: [String: String]
    /// Set when the span's work failed: the status message.
    public let error: String?

    public init(name: String, context: TraceParent, parentID: String?, startNs: Int64, endNs: Int64,
                attributes: [String: String] = [:], error: String? = nil) {
        self.name = name
        self.context = context
        self.parentID = parentID
        self.startNs = startNs
        self.endNs = max(startNs, endNs)
        self.attributes = attributes
        self.error = error
    }
}

/// Where spans go. A span is begun with `begin`, which names it (the id it gets is the one the
/// exporter will use, so it can be sent downstream at once), and ended by handing its record to
/// `finish`. Every `begin` must be followed by one `finish` with the returned context.
///
/// `isRecording` false means nothing is exported: callers skip building records, and only pass
/// the trace on.
public protocol SpanSink: AnyObject, Sendable {
    var isRecording: Bool { get }
    /// Begins a span at monotonic `startNs` under `parent` (a new trace when nil) and returns its context.
    func begin(_ name: String, parent: TraceParent?, startNs: Int64) -> TraceParent
    func finish(_ record: SpanRecord)
}

/// The sink when no exporter is configured: records nothing, costs nothing.
public final class DiscardedSpans: SpanSink {
    public static let shared = DiscardedSpans()
    public init() {}
    public var isRecording: Bool { false }
    public func begin(_ name: String, parent: TraceParent?, startNs: Int64) -> TraceParent { TraceParent.child(of: parent) }
    public func finish(_ record: SpanRecord) {}
}
