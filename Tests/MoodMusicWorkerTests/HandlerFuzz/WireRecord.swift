/// One protobuf wire record, kept raw so that a mutation can write any encoding, valid or not.
struct WireRecord: Equatable {
    enum Value: Equatable {
        case varint(UInt64)
        case fixed64(UInt64)
        case bytes([UInt8])
        case fixed32(UInt32)
    }

    var field: UInt64
    var value: Value
}

/// Splits a message into its top-level records and joins records back, without a schema.
enum WireFormat {
    /// nil when the bytes are not a well-formed sequence of records.
    static func parse(_ bytes: [UInt8]) -> [WireRecord]? {
        var records: [WireRecord] = []
        var index = 0
        while index < bytes.count {
            guard let key = readVarint(bytes, &index), key >> 3 > 0 else { return nil }
            let field = key >> 3
            switch key & 7 {
            case 0:
                guard let value = readVarint(bytes, &index) else { return nil }
                records.append(WireRecord(field: field, value: .varint(value)))
            case 1:
                guard bytes.count - index >= 8 else { return nil }
                records.append(WireRecord(field: field, value: .fixed64(littleEndian(bytes[index..<index + 8]))))
                index += 8
            case 2:
                guard let length = readVarint(bytes, &index), length <= UInt64(bytes.count - index) else { return nil }
                records.append(WireRecord(field: field, value: .bytes(Array(bytes[index..<index + Int(length)]))))
                index += Int(length)
            case 5:
                guard bytes.count - index >= 4 else { return nil }
                records.append(WireRecord(field: field, value: .fixed32(UInt32(littleEndian(bytes[index..<index + 4])))))
                index += 4
            default:
                return nil
            }
        }
        return records
    }

    static func serialize(_ records: [WireRecord]) -> [UInt8] {
        var out: [UInt8] = []
        for record in records {
            switch record.value {
            case .varint(let value):
                appendVarint(record.field << 3, to: &out)
                appendVarint(value, to: &out)
            case .fixed64(let value):
                appendVarint(record.field << 3 | 1, to: &out)
                for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
            case .bytes(let bytes):
                appendVarint(record.field << 3 | 2, to: &out)
                appendVarint(UInt64(bytes.count), to: &out)
                out += bytes
            case .fixed32(let value):
                appendVarint(record.field << 3 | 5, to: &out)
                for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
            }
        }
        return out
    }

    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            out.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }

    private static func readVarint(_ bytes: [UInt8], _ index: inout Int) -> UInt64? {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 7) {
            guard index < bytes.count else { return nil }
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte < 0x80 { return value }
        }
        return nil
    }

    private static func littleEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}
