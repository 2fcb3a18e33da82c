import MoodMusicProtos

/// The header frames are read and written on every call, by the gateway twice. SwiftProtobuf's
/// generic coder spends most of its time on the metadata map; these do the same for the two header
/// messages with no generic machinery (docs/performance.md, "Header frames"). A header the fast
/// reader does not handle (unknown fields, a malformed field) goes to SwiftProtobuf, so the result,
/// or the error, is always what SwiftProtobuf gives.
extension Moodmusic_V1_RequestHeader {
    /// The same as `init(serializedBytes:)`.
    public init(headerFrame bytes: [UInt8]) throws {
        try self.init(headerFrame: bytes, from: 0)
    }

    /// The header that fills `bytes` from `start` (≤ `bytes.count`) on: MMW2 puts it after other fields in one frame.
    init(headerFrame bytes: [UInt8], from start: Int) throws {
        if let header = Self.readFast(bytes, from: start) {
            self = header
        } else {
            try self.init(serializedBytes: Array(bytes[start...]))
        }
    }

    /// The same bytes `serializedBytes()` would give, up to the order of metadata entries.
    public func headerFrame() -> [UInt8] {
        var writer = WireFormatWriter(capacity: estimatedFrameSize)
        write(to: &writer)
        return writer.bytes
    }

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
