/// Reads one field of a serialized message without decoding the rest, for a decision that must
/// be made before the message is decoded (and must not decode it twice).
public enum ProtobufScan {
    /// The last value of varint field `field` in `bytes`: 0 when the field is absent, nil when
    /// the bytes are not a message this can read (groups, truncated fields).
    public static func varintField(_ field: UInt64, in bytes: [UInt8]) -> UInt64? {
        var reader = WireFormatReader(bytes)
        var value: UInt64 = 0
        while !reader.isAtEnd {
            guard let tag = reader.varint() else { return nil }
            if tag == WireTag.varint(field) {
                guard let read = reader.varint() else { return nil }
                value = read
            } else if !reader.skip(wireType: tag & 7) {
                return nil
            }
        }
        return value
    }
}
