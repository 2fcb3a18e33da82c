import MoodMusicWire

/// Deadlines for bridged calls: a `grpc-timeout` header or a `timeout` query parameter, in the
/// gRPC-over-HTTP/2 format (1 to 8 digits and a unit: H, M, S, m, u or n), for example `250m`
/// or `5S`. Units are case-sensitive as in gRPC (`m` is milliseconds, `M` minutes); the query
/// parameter also accepts lower-case `s` and `ms` since browsers' users type those.
public struct CallDeadline: Sendable, Equatable {
    /// Used when the request names no deadline.
    public var defaultMs: UInt32
    /// Longer deadlines are cut to this: the bridge's own limit on how long a call may hold it.
    public var maximumMs: UInt32

    public init(defaultMs: UInt32 = 30_000, maximumMs: UInt32 = 120_000) {
        self.defaultMs = defaultMs
        self.maximumMs = maximumMs
    }

    /// The deadline in ms for a request; the header wins over the query parameter.
    public func resolve(header: String?, query: String?) throws(RPCError) -> UInt32 {
        let text: String
        let source: String
        if let header { text = header; source = "grpc-timeout header" }
        else if let query { text = query; source = "timeout parameter" }
        else { return min(defaultMs, maximumMs) }
        guard let ms = Self.parseMilliseconds(text, lenient: header == nil) else {
            throw .invalidArgument("bad \(source) \"\(text.prefix(40))\": expected 1 to 8 digits and a unit (H, M, S, m, u, n), e.g. 500m or 5S")
        }
        guard ms > 0 else { throw RPCError(.deadlineExceeded, "the \(source) is 0: the deadline has already passed") }
        return UInt32(min(ms, UInt64(maximumMs)))
    }

    /// Milliseconds, rounded up so that a sub-millisecond deadline is not 0; nil when malformed.
    static func parseMilliseconds(_ text: String, lenient: Bool) -> UInt64? {
        var unit = String(text.drop(while: \.isNumber))
        let digits = text.prefix(while: \.isNumber)
        guard (1...8).contains(digits.count), let value = UInt64(digits) else { return nil }
        if lenient { unit = ["s": "S", "ms": "m"][unit] ?? unit }
        // value < 10^8, so none of these products overflow a UInt64.
        switch unit {
        case "H": return value * 3_600_000
        case "M": return value * 60_000
        case "S": return value * 1000
        case "m": return value
        case "u": return (value + 999) / 1000
        case "n": return (value + 999_999) / 1_000_000
        default: return nil
        }
    }
}
