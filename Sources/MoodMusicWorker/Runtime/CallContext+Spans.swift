import MoodMusicProcess
import MoodMusicVision
import MoodMusicWire

/// The worker's spans: one per call ("<service>/<method>", under the traceparent the gateway
/// sent, which names its dispatch span), and under it one per stage a handler records.
extension CallContext {
    func beginCallSpan(startNs: Int64) -> TraceParent? {
        guard spans.isRecording else { return nil }
        return spans.begin(spanName, parent: TraceParent(metadata: metadata), startNs: startNs)
    }

    func endCallSpan(startNs: Int64, endNs: Int64, code: StatusCode, message: String) {
        guard let span else { return }
        spans.finish(SpanRecord(name: spanName, context: span, parentID: TraceParent(metadata: metadata)?.parentID,
                                startNs: startNs, endNs: endNs, attributes: ["rpc.method": method.path, "rpc.status": "\(code)"],
                                error: code == .ok ? nil : message))
    }

    /// Runs one stage of the call's work (decode, detect, classify, rank, ...) and records its span.
    public func stage<T, E: Error>(_ name: String, _ body: () throws(E) -> T) throws(E) -> T {
        guard let span else { return try body() }
        let startNs = MonotonicClock.nowNsSigned()
        do {
            let value = try body()
            recordStage(name, under: span, startNs: startNs, error: nil)
            return value
        } catch {
            recordStage(name, under: span, startNs: startNs, error: "\(error)")
            throw error
        }
    }

    func recordStage(_ name: String, under span: TraceParent, startNs: Int64, error: String?) {
        let endNs = MonotonicClock.nowNsSigned()
        let context = spans.begin(name, parent: span, startNs: startNs)
        spans.finish(SpanRecord(name: name, context: context, parentID: span.parentID, startNs: startNs, endNs: endNs,
                                attributes: ["rpc.method": method.path], error: error))
    }

    private var spanName: String { "\(method.service)/\(method.method)" }
}

/// Records the vision pipeline's stages as spans of the call.
struct CallStages: AnalysisStageObserver {
    let context: CallContext
    func measure<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        guard let span = context.span else { return try body() }
        let startNs = MonotonicClock.nowNsSigned()
        do {
            let value = try body()
            context.recordStage(stage, under: span, startNs: startNs, error: nil)
            return value
        } catch {
            context.recordStage(stage, under: span, startNs: startNs, error: "\(error)")
            throw error
        }
    }
}
