import MoodMusicDigest
import Foundation

/// Proof Key for Code Exchange (RFC 7636), S256 method.
public struct PKCE: Sendable, Equatable {
    public let verifier: String
    public var challenge: String { Self.challenge(for: verifier) }

    /// A verifier of `length` (43...128) characters from the unreserved set, from the system's CSPRNG.
    public static func random(length: Int = 64) -> PKCE {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        var generator = SystemRandomNumberGenerator()
        let count = min(128, max(43, length))
        return PKCE(verifier: String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] }))
    }

    public init(verifier: String) { self.verifier = verifier }

    /// BASE64URL(SHA256(ASCII(verifier))) without padding.
    public static func challenge(for verifier: String) -> String {
        base64URL(SHA256.hash(Array(verifier.utf8)))
    }

    public static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A random `state` value for the authorize request.
    public static func randomState() -> String {
        var generator = SystemRandomNumberGenerator()
        return base64URL((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
