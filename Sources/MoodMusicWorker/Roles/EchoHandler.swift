import Foundation
import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire

/// Diagnostics.Echo: returns the payload, after `delay_ms` if asked. Every role serves it.
public struct EchoHandler: ServiceHandler {
    static let maxDelayMs: UInt32 = 10_000

    let workerName: String

    public init(workerName: String) { self.workerName = workerName }
    public var service: String { Contract.Services.diagnostics }

    /// Plain echoes run on the I/O thread; delayed ones must not block heartbeats. Only delay_ms
    /// (field 2) is read here: `handle` decodes the request, and rejects a bad one.
    public func runsInline(payload: [UInt8]) -> Bool {
        (ProtobufScan.varintField(2, in: payload) ?? 0) == 0
    }

    public func handle(payload: [UInt8], context: CallContext) throws(RPCError) -> [UInt8] {
        guard context.method == Contract.echo else { throw .unimplemented("\(context.method.path) is not served by this worker") }
        if let fast = EchoWire.readRequest(payload), fast.delayMs == 0 {
            return EchoWire.response(payload: payload[fast.payload], servedBy: workerName)
        }
        let request = try decodeRequest(Moodmusic_V1_EchoRequest.self, from: payload)
        guard request.delayMs <= Self.maxDelayMs else { throw .invalidArgument("delay_ms must be at most \(Self.maxDelayMs)") }
        if request.delayMs > 0 {
            // Never sleep past the deadline: the caller has stopped waiting by then.
            let remainingMs = max(0, context.remainingMs())
            usleep(UInt32(min(Int64(request.delayMs), remainingMs)) * 1000)
            if Int64(request.delayMs) > remainingMs {
                throw RPCError(.deadlineExceeded, "delay_ms \(request.delayMs) is longer than the \(remainingMs) ms left before the deadline")
            }
        }
        var response = Moodmusic_V1_EchoResponse()
        response.payload = request.payload
        response.servedBy = workerName
        return try encodeResponse(response)
    }
}
