/// The decision of the ZAP handler (ZeroMQ RFC 27), without sockets: a CURVE client may connect
/// to a domain when its public key is on that domain's allow-list. Anything else, including a
/// mechanism other than CURVE and a malformed request, is refused.
public struct ZAPPolicy: Sendable {
    /// Domain → allowed public keys (Z85).
    public let allowed: [String: Set<String>]

    public init(allowed: [String: Set<String>]) { self.allowed = allowed }

    /// The reply frames for one ZAP request.
    public func reply(to frames: [[UInt8]]) -> [[UInt8]] {
        let version = Array("1.0".utf8)
        guard frames.count >= 6, frames[0] == version else {
            return [version, frames.count > 1 ? frames[1] : [], Array("400".utf8), Array("malformed ZAP request".utf8), [], []]
        }
        let requestID = frames[1]
        let domain = String(decoding: frames[2], as: UTF8.self)
        let mechanism = String(decoding: frames[5], as: UTF8.self)
        func answer(_ code: String, _ text: String, user: String = "") -> [[UInt8]] {
            [version, requestID, Array(code.utf8), Array(text.utf8), Array(user.utf8), []]
        }
        guard mechanism == "CURVE", frames.count == 7, frames[6].count == 32 else { return answer("400", "CURVE required") }
        let key = Z85.encode(frames[6])
        guard allowed[domain]?.contains(key) == true else { return answer("400", "key not on the \(domain) allow-list") }
        return answer("200", "OK", user: key)
    }
}

/// Z85 (ZeroMQ RFC 32) encoding of 32-byte keys.
public enum Z85 {
    static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        precondition(bytes.count % 4 == 0)
        var out: [UInt8] = []
        for chunk in stride(from: 0, to: bytes.count, by: 4) {
            var value = bytes[chunk..<chunk + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            var digits = [UInt8](repeating: 0, count: 5)
            for i in (0..<5).reversed() {
                digits[i] = alphabet[Int(value % 85)]
                value /= 85
            }
            out += digits
        }
        return String(decoding: out, as: UTF8.self)
    }
}
