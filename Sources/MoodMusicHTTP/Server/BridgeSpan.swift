import MoodMusicProcess
import MoodMusicWire

/// The bridge's span for one API call: under the caller's traceparent, or starting a trace.
struct BridgeSpan {
    let sink: any SpanSink
    let name: String
    let parentID: String?
    let startNs: Int64
    let context: TraceParent

    init(sink: any SpanSink, name: String, incoming: TraceParent?) {
        self.sink = sink
        self.name = name
        parentID = incoming?.parentID
        startNs = MonotonicClock.nowNsSigned()
        context = sink.begin(name, parent: incoming, startNs: startNs)
    }

    func end(error: String?) {
        sink.finish(SpanRecord(name: name, context: context, parentID: parentID, startNs: startNs, endNs: MonotonicClock.nowNsSigned(),
                               attributes: ["http.route": name], error: error))
    }
}
