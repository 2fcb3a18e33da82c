import MoodMusicProtos

/// The response header's fast reader and writer (`HeaderFrameCodec`).
extension Moodmusic_V1_ResponseHeader: HeaderFrameCodec {
    /// The same as `init(serializedBytes:)`.
    public init(headerFrame bytes: [UInt8]) throws {
        try self.init(headerFrame: bytes, from: 0)
    }

    /// The same bytes `serializedBytes()` would give, up to the order of metadata entries.
    public func headerFrame() -> [UInt8] { encodedHeaderFrame() }

    var estimatedFrameSize: Int { 24 + message.utf8.count + WireFormatWriter.estimatedSize(metadata) + unknownFields.data.count }

    func write(to writer: inout WireFormatWriter) {
        writer.varintField(1, requestID)
        // An enum is an int32 on the wire: a negative one is sign-extended to ten bytes.
        writer.varintField(2, UInt64(bitPattern: Int64(code.rawValue)))
        writer.stringField(3, message)
        writer.stringMapField(4, metadata)
        writer.raw(unknownFields.data)
    }

    static func readFast(_ bytes: [UInt8], from start: Int = 0) -> Self? {
        var reader = WireFormatReader(bytes, range: start..<bytes.count)
        var header = Self()
        while !reader.isAtEnd {
            switch reader.varint() {
            case WireTag.varint(1):
                guard let value = reader.varint() else { return nil }
                header.requestID = value
            case WireTag.varint(2):
                guard let value = reader.varint(), value <= UInt64(Int32.max), let code = Moodmusic_V1_StatusCode(rawValue: Int(value)) else { return nil }
                header.code = code
            case WireTag.lengthDelimited(3):
                guard let text = reader.string() else { return nil }
                header.message = text
            case WireTag.lengthDelimited(4):
                guard let (key, value) = reader.stringMapEntry() else { return nil }
                header.metadata[key] = value
            default:
                return nil
            }
        }
        return header
    }
}
