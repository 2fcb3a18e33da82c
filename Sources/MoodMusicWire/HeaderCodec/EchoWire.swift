/// Diagnostics.Echo's messages read and written without SwiftProtobuf's generic coder. Echo is what the transport
/// benchmarks call, so the worker's share of an echo should be the transport's, not protobuf's: SwiftProtobuf's
/// decoder copies the payload into a `Data` and its encoder walks the message generically. Anything the fast reader
/// does not handle gets nil, and the caller decodes with SwiftProtobuf, whose answer or error then stands
/// (`EchoWireTests` compares the two).
public enum EchoWire {
    /// `EchoRequest`'s payload (where it lies in `bytes`) and `delay_ms`, each the last one sent, as protobuf reads
    /// them. nil for any other field or wire type, a `delay_ms` wider than 32 bits, or truncated bytes.
    public static func readRequest(_ bytes: [UInt8]) -> (payload: Range<Int>, delayMs: UInt32)? {
        var reader = WireFormatReader(bytes)
        var payload = 0..<0
        var delayMs: UInt32 = 0
        while !reader.isAtEnd {
            switch reader.varint() {
            case WireTag.lengthDelimited(1):
                guard let range = reader.lengthDelimitedRange() else { return nil }
                payload = range
            case WireTag.varint(2):
                guard let value = reader.varint(), value <= UInt64(UInt32.max) else { return nil }
                delayMs = UInt32(value)
            default:
                return nil
            }
        }
        return (payload, delayMs)
    }

    /// The bytes `EchoResponse(payload:servedBy:).serializedBytes()` gives.
    public static func response(payload: ArraySlice<UInt8>, servedBy: String) -> [UInt8] {
        var writer = WireFormatWriter(capacity: payload.count + servedBy.utf8.count + 12)
        writer.bytesField(1, payload)
        writer.stringField(2, servedBy)
        return writer.bytes
    }
}
