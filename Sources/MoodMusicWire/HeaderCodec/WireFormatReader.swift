/// Reads protobuf's binary wire format: varints, tags and length-delimited fields. It returns nil
/// for anything it does not read (a truncated field, a varint over 64 bits), and the header
/// codecs then hand the bytes to SwiftProtobuf, whose error is the one the caller sees.
struct WireFormatReader {
    private let bytes: [UInt8]
    private var index: Int
    private let end: Int

    init(_ bytes: [UInt8]) {
        self.init(bytes, range: 0..<bytes.count)
    }

    init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        index = range.lowerBound
        end = range.upperBound
    }

    var isAtEnd: Bool { index >= end }

    mutating func varint() -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < end {
            let byte = bytes[index]
            index += 1
            // The tenth byte holds bit 63 only.
            if shift == 63 && byte > 1 { return nil }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }

    /// Steps over a field's value of this wire type; false for a group or an unknown type.
    mutating func skip(wireType: UInt64) -> Bool {
        switch wireType {
        case 0: return varint() != nil
        case 1: return advance(8)
        case 2: return lengthDelimited() != nil
        case 5: return advance(4)
        default: return false
        }
    }

    private mutating func advance(_ count: Int) -> Bool {
        guard end - index >= count else { return false }
        index += count
        return true
    }

    /// Where a length-delimited field's contents lie in the bytes.
    mutating func lengthDelimitedRange() -> Range<Int>? {
        guard let length = varint(), length <= UInt64(end - index) else { return nil }
        let start = index
        index += Int(length)
        return start..<index
    }

    /// A length-delimited field's contents, as a reader of their own.
    mutating func lengthDelimited() -> WireFormatReader? {
        guard let length = varint(), length <= UInt64(end - index) else { return nil }
        let start = index
        index += Int(length)
        return WireFormatReader(bytes, range: start..<index)
    }

    /// A length-delimited field read as UTF-8; nil when it is not valid UTF-8 (SwiftProtobuf refuses those).
    mutating func string() -> String? {
        guard let field = lengthDelimited() else { return nil }
        return field.remainingString()
    }

    private func remainingString() -> String? {
        if index == end { return "" }
        return bytes.withUnsafeBufferPointer { buffer in
            let field = UnsafeBufferPointer(rebasing: buffer[index..<end])
            // ASCII needs no validation; the generic validating initializer is several times slower.
            if field.allSatisfy({ $0 < 0x80 }) { return String(decoding: field, as: UTF8.self) }
            return String(validating: field, as: UTF8.self)
        }
    }

    /// A `map<string, string>` entry: field 1 the key, field 2 the value; either may be absent (empty).
    mutating func stringMapEntry() -> (key: String, value: String)? {
        guard var entry = lengthDelimited() else { return nil }
        var key = ""
        var value = ""
        while !entry.isAtEnd {
            switch entry.varint() {
            case WireTag.lengthDelimited(1): guard let text = entry.string() else { return nil }; key = text
            case WireTag.lengthDelimited(2): guard let text = entry.string() else { return nil }; value = text
            default: return nil
            }
        }
        return (key, value)
    }
}

/// Field tags as they appear on the wire: the field number shifted left by three, then the wire type.
enum WireTag {
    static func varint(_ field: UInt64) -> UInt64 { field << 3 }
    static func lengthDelimited(_ field: UInt64) -> UInt64 { field << 3 | 2 }
}
