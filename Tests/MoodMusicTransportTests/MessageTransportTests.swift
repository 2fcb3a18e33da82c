import Foundation
import MoodMusicTransport
import Testing

/// The same contract, checked against both implementations of the seam: ZeroMQ (over inproc://)
/// and the in-process twin. What the gateway relies on must hold for both.
@Suite struct MessageTransportTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case zeroMQ, inProcess
        var testDescription: String { rawValue }
        func make() -> (any MessageTransport, () -> Void) {
            switch self {
            case .zeroMQ:
                let transport = ZMQTransport()
                return (transport, { transport.close() })
            case .inProcess:
                return (InProcessTransport(), {})
            }
        }
    }

    static func receive(_ transport: any MessageTransport, _ socket: any MessageSocket) throws -> [[UInt8]]? {
        for _ in 0..<50 {
            if let frames = try socket.receive() { return frames }
            _ = try transport.wait(for: [socket], timeoutMs: 100)
        }
        return nil
    }

    @Test(arguments: Kind.allCases)
    func routerSeesWhoSentAndAnswersThatPeerOnly(_ kind: Kind) throws {
        let (transport, close) = kind.make()
        let router = try transport.router(binding: "inproc://router-\(UUID())", options: SocketOptions())
        let endpoint = try router.boundEndpoint()
        let a = try transport.dealer(connectingTo: endpoint, options: SocketOptions())
        let b = try transport.dealer(connectingTo: endpoint, options: SocketOptions())
        try a.send([Array("from-a".utf8), [1, 2]])
        try b.send([Array("from-b".utf8)])
        var identities: [String: [UInt8]] = [:]
        for _ in 0..<2 {
            let frames = try #require(try Self.receive(transport, router))
            identities[String(decoding: frames[1], as: UTF8.self)] = frames[0]
        }
        #expect(identities.count == 2)
        try router.send([identities["from-b"]!, Array("to-b".utf8)])
        #expect(try Self.receive(transport, b) == [Array("to-b".utf8)])
        #expect(try a.receive() == nil)
        // A message to a peer that is gone is dropped, not an error.
        try router.send([Array("nobody".utf8), [0]])
        for socket in [a, b, router] { socket.close() }
        close()
    }

    @Test(arguments: Kind.allCases)
    func pushSocketsFanInToOnePull(_ kind: Kind) throws {
        let (transport, close) = kind.make()
        let endpoint = "inproc://pull-\(UUID())"
        let pull = try transport.pull(binding: endpoint)
        let pushes = try (0..<3).map { _ in try transport.push(connectingTo: endpoint) }
        for (i, push) in pushes.enumerated() { try push.send([[UInt8(i)], []]) }
        var seen: Set<UInt8> = []
        for _ in 0..<3 { seen.insert(try #require(try Self.receive(transport, pull))[0][0]) }
        #expect(seen == [0, 1, 2])
        for socket in pushes + [pull] { socket.close() }
        close()
    }

    @Test(arguments: Kind.allCases)
    func waitTimesOutWithNothingReadable(_ kind: Kind) throws {
        let (transport, close) = kind.make()
        let router = try transport.router(binding: "inproc://idle-\(UUID())", options: SocketOptions())
        #expect(try transport.wait(for: [router], timeoutMs: 10) == [false])
        router.close()
        close()
    }

    @Test func inProcessRefusesAMessageOverTheLimitAndKeepsServing() throws {
        let transport = InProcessTransport()
        let router = try transport.router(binding: "inproc://limited", options: SocketOptions(maxMessageBytes: 10))
        let dealer = try transport.dealer(connectingTo: "inproc://limited", options: SocketOptions())
        try dealer.send([[UInt8](repeating: 1, count: 64)])
        try dealer.send([[1, 2, 3]])
        let frames = try #require(try Self.receive(transport, router))
        #expect(frames.last == [1, 2, 3])
        #expect(try router.receive() == nil)
    }

    @Test func connectingToNothingIsAnError() {
        #expect(throws: InProcessTransportError.self) {
            _ = try InProcessTransport().dealer(connectingTo: "inproc://missing", options: SocketOptions())
        }
    }
}
