/// A W3C Trace Context `traceparent` (version 00): `00-<trace id>-<parent id>-<flags>`.
/// It travels in `RequestHeader.metadata` under `metadataKey` from client to gateway to worker;
/// each hop sends downstream the id of its own span, so the next hop's spans become its children.
/// A value that does not parse is treated as absent, as the spec asks.
public struct TraceParent: Sendable, Hashable, CustomStringConvertible {
    /// The metadata key (and HTTP header name) that carries it.
    public static let metadataKey = "traceparent"

    /// 32 lower-case hex digits, not all zero.
    public let traceID: String
    /// 16 lower-case hex digits, not all zero: the span that made this call.
    public let parentID: String
    /// 2 hex digits; bit 0 is "sampled".
    public let flags: String

    public var description: String {
        var text = "00-"
        text.reserveCapacity(55)
        text += traceID
        text += "-"
        text += parentID
        text += "-"
        text += flags
        return text
    }

    /// Parses a header value; nil when it is not a valid version-00 traceparent (later versions
    /// are read by their first four fields, as the spec asks).
    public init?(header: String) {
        let fields = Self.trimmed(header).split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count >= 4, fields[0] == "00" ? fields.count == 4 : fields[0] != "ff" else { return nil }
        guard Self.isHex(fields[0], 2), Self.isHex(fields[1], 32), Self.isHex(fields[2], 16), Self.isHex(fields[3], 2),
              fields[1].contains(where: { $0 != "0" }), fields[2].contains(where: { $0 != "0" })
        else { return nil }
        traceID = String(fields[1])
        parentID = String(fields[2])
        flags = String(fields[3])
    }

    /// The trace in `metadata`, if one is there and valid.
    public init?(metadata: [String: String]) {
        guard let value = metadata[Self.metadataKey] else { return nil }
        self.init(header: value)
    }

    init(traceID: String, parentID: String, flags: String) {
        self.traceID = traceID
        self.parentID = parentID
        self.flags = flags
    }

    /// A new sampled trace with a random id.
    public static func start<G: RandomNumberGenerator>(using generator: inout G) -> TraceParent {
        TraceParent(traceID: randomHex(16, &generator), parentID: randomHex(8, &generator), flags: "01")
    }

    /// The same trace with a new span id: what this hop sends downstream.
    public func child<G: RandomNumberGenerator>(using generator: inout G) -> TraceParent {
        TraceParent(traceID: traceID, parentID: Self.randomHex(8, &generator), flags: flags)
    }

    /// `start(using:).description`, the same ids from the same draws, built in one allocation: the
    /// gateway makes one for every call that arrives without a trace.
    public static func newTraceHeader<G: RandomNumberGenerator>(using generator: inout G) -> String {
        var trace: (UInt64, UInt64)
        repeat { trace = (generator.next(), generator.next()) } while trace == (0, 0)
        var span: UInt64
        repeat { span = generator.next() } while span == 0
        return String(unsafeUninitializedCapacity: 55) { utf8 in
            let zero = UInt8(ascii: "0"), dash = UInt8(ascii: "-")
            (utf8[0], utf8[1], utf8[2]) = (zero, zero, dash)
            writeHex(trace.0, into: utf8, at: 3)
            writeHex(trace.1, into: utf8, at: 19)
            utf8[35] = dash
            writeHex(span, into: utf8, at: 36)
            (utf8[52], utf8[53], utf8[54]) = (dash, zero, UInt8(ascii: "1"))
            return 55
        }
    }

    /// `newTraceHeader(using:)` with the process's generator.
    public static func newTraceHeader() -> String {
        TraceIDGenerator.shared.withLock { newTraceHeader(using: &$0) }
    }

    /// A word's eight bytes, lowest first, as sixteen hex digits (the order `randomHex` uses).
    private static func writeHex(_ word: UInt64, into utf8: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        for i in 0..<8 {
            let byte = UInt8(truncatingIfNeeded: word >> UInt64(8 * i))
            utf8[offset + 2 * i] = digits[Int(byte >> 4)]
            utf8[offset + 2 * i + 1] = digits[Int(byte & 0xF)]
        }
    }

    /// A child of `parent`, or a new trace when there is none.
    public static func child(of parent: TraceParent?) -> TraceParent {
        TraceIDGenerator.shared.withLock { generator in parent?.child(using: &generator) ?? start(using: &generator) }
    }

    private static func trimmed(_ text: String) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return text[first...last]
    }

    private static func isHex(_ text: Substring, _ count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// `bytes` random bytes as lower-case hex, never all zero (W3C: an all-zero id is invalid), one
    /// 64-bit draw per 8 bytes.
    static func randomHex<G: RandomNumberGenerator>(_ bytes: Int, _ generator: inout G) -> String {
        while true {
            var allZero = true
            let text = String(unsafeUninitializedCapacity: bytes * 2) { utf8 in
                var word: UInt64 = 0
                for i in 0..<bytes {
                    if i % 8 == 0 { word = generator.next() }
                    let byte = UInt8(truncatingIfNeeded: word >> UInt64(8 * (i % 8)))
                    if byte != 0 { allZero = false }
                    utf8[2 * i] = digits[Int(byte >> 4)]
                    utf8[2 * i + 1] = digits[Int(byte & 0xF)]
                }
                return bytes * 2
            }
            if !allZero { return text }
        }
    }
}
