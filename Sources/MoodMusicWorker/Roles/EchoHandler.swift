import Foundation
import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire

/// Diagnostics.Echo: returns the payload, after `delay_ms` if asked. Every role serves it.
struct EchoHandler: ServiceHandler {
    static let maxDelayMs: UInt32 = 10_000

    let workerName: String
    var service: String { Contract.Services.diagnostics }

    /// Plain echoes run on the I/O thread; delayed ones must not block heartbeats.
    func runsInline(payload: [UInt8]) -> Bool {
        ((try? Moodmusic_V1_EchoRequest(serializedBytes: payload))?.delayMs ?? 0) == 0
    }

    func handle(payload: [UInt8], context: CallContext) throws(RPCError) -> [UInt8] {
        guard context.method == Contract.echo else { throw .unimplemented("\(context.method.path) is not served by this worker") }
        let request = try decodeRequest(Moodmusic_V1_EchoRequest.self, from: payload)
        guard request.delayMs <= Self.maxDelayMs else { throw .invalidArgument("delay_ms must be at most \(Self.maxDelayMs)") }
        if request.delayMs > 0 { usleep(request.delayMs * 1000) }
        var response = Moodmusic_V1_EchoResponse()
        response.payload = request.payload
        response.servedBy = workerName
        return try encodeResponse(response)
    }
}
