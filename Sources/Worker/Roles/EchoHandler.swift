import Shared

/// Diagnostics.Echo: returns the payload. Every role serves it.
struct EchoHandler: ServiceHandler {
    let workerName: String
    var service: String { Contract.Services.diagnostics }
    var runsInline: Bool { true }

    func handle(payload: [UInt8], context: CallContext) throws(RPCError) -> [UInt8] {
        guard context.method == Contract.echo else { throw .unimplemented("\(context.method.path) is not served by this worker") }
        var response = Moodmusic_V1_EchoResponse()
        response.payload = try decodeRequest(Moodmusic_V1_EchoRequest.self, from: payload).payload
        response.servedBy = workerName
        return try encodeResponse(response)
    }
}
