import MoodMusicProtos
import SwiftProtobuf

/// The header frames are read and written on every call, by the gateway twice. SwiftProtobuf's generic coder spends
/// most of its time on the metadata map, so the two header messages have their own reader and writer with no generic
/// machinery (docs/performance.md, "Header frames"). A header the fast reader does not handle (unknown fields, a
/// malformed field) goes to SwiftProtobuf, so the result, or the error, is always what SwiftProtobuf gives.
protocol HeaderFrameCodec: SwiftProtobuf.Message {
    /// The header in `bytes[start...]`, or nil when it needs SwiftProtobuf.
    static func readFast(_ bytes: [UInt8], from start: Int) -> Self?
    var estimatedFrameSize: Int { get }
    func write(to writer: inout WireFormatWriter)
}

extension HeaderFrameCodec {
    /// The header that fills `bytes` from `start` (≤ `bytes.count`) on: MMW2 puts it after other fields in one frame.
    init(headerFrame bytes: [UInt8], from start: Int) throws {
        if let header = Self.readFast(bytes, from: start) {
            self = header
        } else {
            try self.init(serializedBytes: Array(bytes[start...]))
        }
    }

    /// The same bytes `serializedBytes()` would give, up to the order of metadata entries.
    func encodedHeaderFrame() -> [UInt8] {
        var writer = WireFormatWriter(capacity: estimatedFrameSize)
        write(to: &writer)
        return writer.bytes
    }
}
