import MoodMusicTransport
import Testing

/// Who may connect under CURVE, decided without sockets.
@Suite struct ZAPPolicyTests {
    static let key = [UInt8](0..<32)
    static let policy = ZAPPolicy(allowed: ["workers": [Z85.encode(key)], "clients": []])

    static func request(domain: String, mechanism: String = "CURVE", credentials: [UInt8] = key) -> [[UInt8]] {
        [Array("1.0".utf8), Array("7".utf8), Array(domain.utf8), Array("127.0.0.1".utf8), [], Array(mechanism.utf8), credentials]
    }

    static func status(_ reply: [[UInt8]]) -> String { String(decoding: reply[2], as: UTF8.self) }

    @Test func z85MatchesRFC32() {
        #expect(Z85.encode([0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B]) == "HelloWorld")
    }

    @Test func aKeyOnTheDomainsListIsAllowed() {
        let reply = Self.policy.reply(to: Self.request(domain: "workers"))
        #expect(Self.status(reply) == "200")
        #expect(reply[1] == Array("7".utf8))
        #expect(String(decoding: reply[4], as: UTF8.self) == Z85.encode(Self.key))
    }

    @Test func theSameKeyOnAnotherDomainIsRefused() {
        #expect(Self.status(Self.policy.reply(to: Self.request(domain: "clients"))) == "400")
        #expect(Self.status(Self.policy.reply(to: Self.request(domain: "unknown"))) == "400")
    }

    @Test func otherMechanismsAndMalformedRequestsAreRefused() {
        #expect(Self.status(Self.policy.reply(to: Self.request(domain: "workers", mechanism: "NULL"))) == "400")
        #expect(Self.status(Self.policy.reply(to: Self.request(domain: "workers", credentials: [1, 2]))) == "400")
        #expect(Self.status(Self.policy.reply(to: [Array("9.9".utf8), [1]])) == "400")
        #expect(Self.status(Self.policy.reply(to: [])) == "400")
    }
}
