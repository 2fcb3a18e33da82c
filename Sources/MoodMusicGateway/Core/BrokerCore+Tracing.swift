import MoodMusicProtos
import MoodMusicWire

/// The gateway's spans, decided here and handed out as `.span` effects. One span per client call
/// ("<service>/<method>", under the caller's traceparent or starting a trace), and under it, per
/// worker call, "queue wait <method>" and "dispatch <method>". The traceparent sent to the
/// worker names the dispatch span, so the worker's spans are its children. With no exporter,
/// only the traceparent is passed on (started when the client sent none).
extension BrokerCore {
    var spans: any SpanSink { configuration.spans }

    /// Begins the call's span and puts it in `header`; returns the caller's span id (the parent).
    mutating func beginCallSpan(_ header: inout Moodmusic_V1_RequestHeader, method: MethodDescriptor, nowNs: Int64) -> String? {
        let incoming = TraceParent(metadata: header.metadata)
        if !spans.isRecording {
            if incoming == nil { header.metadata[TraceParent.metadataKey] = TraceParent.newTraceHeader() }
            return incoming?.parentID
        }
        let span = spans.begin(Self.spanName(method), parent: incoming, startNs: nowNs)
        header.metadata[TraceParent.metadataKey] = span.description
        return incoming?.parentID
    }

    mutating func endCallSpan(header: Moodmusic_V1_RequestHeader, parentID: String?, method: MethodDescriptor,
                              startNs: Int64, nowNs: Int64, code: StatusCode, message: String) {
        guard spans.isRecording, let span = TraceParent(metadata: header.metadata) else { return }
        effects.append(.span(SpanRecord(name: Self.spanName(method), context: span, parentID: parentID, startNs: startNs, endNs: nowNs,
                                        attributes: ["rpc.method": method.path, "rpc.status": "\(code)"],
                                        error: code == .ok ? nil : message)))
    }

    /// At dispatch: records the queue wait, begins the dispatch span and returns the header to
    /// send, whose traceparent names that span.
    mutating func traceDispatch(jobID: UInt64, worker: String, header: Moodmusic_V1_RequestHeader, nowNs: Int64) -> Moodmusic_V1_RequestHeader {
        guard spans.isRecording, let job = jobs[jobID], let call = TraceParent(metadata: job.header.metadata) else { return header }
        let method = job.method.method
        let wait = spans.begin("queue wait \(method)", parent: call, startNs: job.queuedNs)
        effects.append(.span(SpanRecord(name: "queue wait \(method)", context: wait, parentID: call.parentID,
                                        startNs: job.queuedNs, endNs: nowNs, attributes: ["rpc.method": job.method.path])))
        let dispatch = spans.begin("dispatch \(method)", parent: call, startNs: nowNs)
        jobs[jobID]!.dispatchSpan = DispatchSpan(context: dispatch, parentID: call.parentID, startNs: nowNs, worker: worker)
        var sent = header
        sent.metadata[TraceParent.metadataKey] = dispatch.description
        return sent
    }

    /// Ends the job's dispatch span, if it has one open: the worker answered, the deadline
    /// passed, or the worker was lost.
    mutating func endDispatchSpan(jobID: UInt64, _ job: Job, nowNs: Int64, code: StatusCode, message: String) {
        guard let open = job.dispatchSpan else { return }
        jobs[jobID]?.dispatchSpan = nil
        effects.append(.span(SpanRecord(name: "dispatch \(job.method.method)", context: open.context, parentID: open.parentID,
                                        startNs: open.startNs, endNs: nowNs,
                                        attributes: ["rpc.method": job.method.path, "worker": open.worker, "attempt": "\(job.attempts)"],
                                        error: code == .ok ? nil : message)))
    }

    static func spanName(_ method: MethodDescriptor) -> String { "\(method.service)/\(method.method)" }
}

/// A dispatch span begun and not yet ended.
struct DispatchSpan: Equatable {
    let context: TraceParent
    let parentID: String?
    let startNs: Int64
    let worker: String
}
