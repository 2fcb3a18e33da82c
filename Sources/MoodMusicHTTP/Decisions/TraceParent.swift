/// A W3C Trace Context `traceparent` (version 00): `00-<trace id>-<parent id>-<flags>`.
/// The bridge passes the caller's trace on to the gateway as a child of its own hop, or starts
/// one when the caller sent none (or sent one that does not parse, as the spec asks).
public struct TraceParent: Sendable, Equatable, CustomStringConvertible {
    /// 32 lower-case hex digits, not all zero.
    public let traceID: String
    /// 16 lower-case hex digits, not all zero: the span that made this call.
    public let parentID: String
    /// 2 hex digits; bit 0 is "sampled".
    public let flags: String

    public var description: String { "00-\(traceID)-\(parentID)-\(flags)" }

    /// Parses a header value; nil when it is not a valid version-00 traceparent.
    public init?(header: String) {
        let fields = header.trimmingWhitespace().split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count >= 4, fields[0] == "00" ? fields.count == 4 : fields[0] != "ff" else { return nil }
        guard Self.isHex(fields[0], 2), Self.isHex(fields[1], 32), Self.isHex(fields[2], 16), Self.isHex(fields[3], 2),
              fields[1].contains(where: { $0 != "0" }), fields[2].contains(where: { $0 != "0" })
        else { return nil }
        traceID = String(fields[1])
        parentID = String(fields[2])
        flags = String(fields[3])
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

    private static func isHex(_ text: Substring, _ count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    private static func randomHex<G: RandomNumberGenerator>(_ bytes: Int, _ generator: inout G) -> String {
        var text = ""
        repeat {
            text = (0..<bytes).map { _ in
                let byte = UInt8.random(in: 0...255, using: &generator)
                return String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
            }.joined()
        } while !text.contains(where: { $0 != "0" })
        return text
    }
}
