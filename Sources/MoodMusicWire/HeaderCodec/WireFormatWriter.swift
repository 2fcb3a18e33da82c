/// Writes protobuf's binary wire format into a byte array: fields in number order, default values
/// left out, as SwiftProtobuf writes them.
struct WireFormatWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Little-endian, fixed width (MMW2's job id and path length).
    mutating func fixed64(_ value: UInt64) {
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }

    mutating func fixed16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func varintField(_ field: UInt64, _ value: UInt64) {
        guard value != 0 else { return }
        varint(WireTag.varint(field))
        varint(value)
    }

    mutating func stringField(_ field: UInt64, _ value: String) { bytesField(field, value.utf8) }

    /// A `bytes` (or UTF-8 `string`) field; left out when empty, as proto3 does.
    mutating func bytesField(_ field: UInt64, _ value: some Collection<UInt8>) {
        guard !value.isEmpty else { return }
        varint(WireTag.lengthDelimited(field))
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// One entry per pair of a `map<string, string>` field, key and value always written.
    mutating func stringMapField(_ field: UInt64, _ map: [String: String]) {
        for (key, value) in map {
            let keyCount = key.utf8.count
            let valueCount = value.utf8.count
            let entryCount = 2 + Self.varintSize(keyCount) + keyCount + Self.varintSize(valueCount) + valueCount
            varint(WireTag.lengthDelimited(field))
            varint(UInt64(entryCount))
            varint(WireTag.lengthDelimited(1))
            varint(UInt64(keyCount))
            bytes.append(contentsOf: key.utf8)
            varint(WireTag.lengthDelimited(2))
            varint(UInt64(valueCount))
            bytes.append(contentsOf: value.utf8)
        }
    }

    /// Appends bytes already encoded (unknown fields); nearly always none.
    mutating func raw(_ data: some Collection<UInt8>) {
        guard !data.isEmpty else { return }
        bytes.append(contentsOf: data)
    }

    static func varintSize(_ value: Int) -> Int {
        var size = 1
        var rest = UInt64(value)
        while rest >= 0x80 {
            rest >>= 7
            size += 1
        }
        return size
    }

    /// Bytes a string map takes on the wire, for reserving capacity.
    static func estimatedSize(_ map: [String: String]) -> Int {
        map.reduce(0) { $0 + 12 + $1.key.utf8.count + $1.value.utf8.count }
    }
}
