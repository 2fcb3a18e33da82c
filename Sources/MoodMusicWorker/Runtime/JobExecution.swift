import MoodMusicProcess
import MoodMusicProtos
import MoodMusicWire

/// Runs one call and turns its outcome into a response; never throws.
enum JobExecution {
    static func run(_ handler: any ServiceHandler, payload: [UInt8], context: CallContext, requestID: UInt64,
                    metrics: WorkerMetrics) -> (Moodmusic_V1_ResponseHeader, [UInt8]) {
        let started = MonotonicClock.nowNs()
        var context = context
        context.span = context.beginCallSpan(startNs: Int64(started))
        var header = Moodmusic_V1_ResponseHeader()
        header.requestID = requestID
        var body: [UInt8] = []
        if context.remainingMs() < 0 {
            // Nobody waits for this answer any more: skip the work.
            header = Moodmusic_V1_ResponseHeader(requestID: requestID, error: RPCError(.deadlineExceeded, "deadline passed before the worker started"))
        } else {
            do {
                body = try handler.handle(payload: payload, context: context)
            } catch {
                header = Moodmusic_V1_ResponseHeader(requestID: requestID, error: error)
            }
        }
        let ended = MonotonicClock.nowNs()
        context.endCallSpan(startNs: Int64(started), endNs: Int64(ended), code: header.code, message: header.message)
        metrics.record(method: context.method.path, code: header.code, durationNs: ended &- started)
        return (header, body)
    }
}
