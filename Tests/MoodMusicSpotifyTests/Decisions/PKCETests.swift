import MoodMusicDigest
@testable import MoodMusicSpotify
import Testing

@Suite("PKCE and SHA-256")
struct PKCETests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test("SHA-256 matches the FIPS 180-4 examples")
    func sha256Vectors() {
        #expect(Self.hex(SHA256.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.hex(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Self.hex(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(Self.hex(SHA256.hash([UInt8](repeating: 0x61, count: 1000)))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test("the RFC 7636 appendix B verifier gives its challenge")
    func rfcChallenge() {
        #expect(PKCE.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }

    @Test("random verifiers are 43...128 unreserved characters and differ")
    func randomVerifiers() {
        let a = PKCE.random(), b = PKCE.random(), short = PKCE.random(length: 5), long = PKCE.random(length: 500)
        #expect(a.verifier != b.verifier)
        #expect(short.verifier.count == 43 && long.verifier.count == 128 && a.verifier.count == 64)
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        #expect(a.verifier.allSatisfy(unreserved.contains))
        #expect(a.challenge.count == 43 && !a.challenge.contains("=") && !a.challenge.contains("+") && !a.challenge.contains("/"))
    }
}

import Foundation
