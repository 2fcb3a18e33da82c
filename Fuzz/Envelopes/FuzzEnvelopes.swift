// libFuzzer target: the envelope parsers of MoodMusicWire (ClientEnvelope requests and responses,
// WorkerCommand), linked against MoodMusicWire as scripts/fuzz-libfuzzer builds it.
// Input: one selector byte (0 client request, 1 client response, 2 worker command), then frames,
// each a 2-byte little-endian length and that many bytes (a short last frame takes what is left).
// Whatever parses must survive encode-then-parse unchanged.
import MoodMusicProtos
import MoodMusicWire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEnvelopes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let frames = splitFrames(bytes.dropFirst())
    switch bytes[0] % 3 {
    case 0:
        guard case .success(let request) = ClientEnvelope.decodeRequest(frames[...]) else { return 0 }
        guard let encoded = try? ClientEnvelope.encode(request) else { preconditionFailure("a parsed request does not encode") }
        guard case .success(let again) = ClientEnvelope.decodeRequest(encoded[...]) else { preconditionFailure("a re-encoded request does not parse") }
        precondition(again.methodBytes == request.methodBytes && again.header == request.header && again.payload == request.payload,
                     "request changed in a round trip")
    case 1:
        guard case .success(let response) = ClientEnvelope.decodeResponse(frames) else { return 0 }
        guard let encoded = try? ClientEnvelope.encode(response) else { preconditionFailure("a parsed response does not encode") }
        guard case .success(let again) = ClientEnvelope.decodeResponse(encoded) else { preconditionFailure("a re-encoded response does not parse") }
        precondition(again.header == response.header && again.payload == response.payload, "response changed in a round trip")
    default:
        guard case .success(let command) = WorkerCommand.decode(frames[...]) else { return 0 }
        guard let encoded = try? command.encode() else { preconditionFailure("a parsed worker command does not encode") }
        precondition(WorkerCommand.decode(encoded[...]) == .success(command), "worker command changed in a round trip")
    }
    return 0
}

private func splitFrames(_ input: ArraySlice<UInt8>) -> [[UInt8]] {
    var frames: [[UInt8]] = []
    var rest = input
    while rest.count >= 2, frames.count < 64 {
        let length = Int(rest[rest.startIndex]) | Int(rest[rest.startIndex + 1]) << 8
        rest = rest.dropFirst(2)
        frames.append(Array(rest.prefix(length)))
        rest = rest.dropFirst(length)
    }
    return frames
}
