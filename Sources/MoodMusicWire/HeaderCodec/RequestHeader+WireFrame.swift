import MoodMusicProtos

/// The request header's fast reader and writer (`HeaderFrameCodec`).
extension Moodmusic_V1_RequestHeader: HeaderFrameCodec {
    /// The same as `init(serializedBytes:)`.
    public init(headerFrame bytes: [UInt8]) throws {
        try self.init(headerFrame: bytes, from: 0)
    }

    /// The same bytes `serializedBytes()` would give, up to the order of metadata entries.
    public func headerFrame() -> [UInt8] { encodedHeaderFrame() }

    var estimatedFrameSize: Int { 24 + WireFormatWriter.estimatedSize(metadata) + unknownFields.data.count }

    func write(to writer: inout WireFormatWriter) {
        writer.varintField(1, requestID)
        writer.varintField(2, UInt64(timeoutMs))
        writer.varintField(3, waitForReady ? 1 : 0)
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
                guard let value = reader.varint(), value <= UInt64(UInt32.max) else { return nil }
                header.timeoutMs = UInt32(value)
            case WireTag.varint(3):
                guard let value = reader.varint(), value <= 1 else { return nil }
                header.waitForReady = value == 1
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
