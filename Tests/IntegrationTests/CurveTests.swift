import Foundation
import MoodMusicClient
import MoodMusicTesting
import MoodMusicTransport
import MoodMusicWire
import Testing

/// CurveZMQ with allow-lists, on the real gateway and worker processes: an unknown worker cannot
/// register, an unknown client gets no answer, and known ones work end to end.
@Suite("CURVE", .serialized)
struct CurveTests {
    @Test("allow-lists decide who may register and who may call")
    func allowLists() throws {
        let dir = NSTemporaryDirectory() + "moodmusic-keys-\(UUID().uuidString.prefix(8))"
        for name in ["gateway", "worker", "stranger-worker", "client", "stranger"] { try CurveKeyPair.generate().write(name: name, directory: dir) }
        let attrs = try FileManager.default.attributesOfItem(atPath: dir + "/client.key")
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        for (folder, name) in [("workers", "worker"), ("clients", "client")] {
            try FileManager.default.createDirectory(atPath: "\(dir)/\(folder)", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: "\(dir)/\(name).pub", toPath: "\(dir)/\(folder)/\(name).pub")
        }
        let cluster = try TestCluster(gatewayArguments: ["--curve-keys", "\(dir)/gateway.key", "--client-keys", "\(dir)/clients",
                                                         "--worker-keys", "\(dir)/workers"])
        defer { cluster.stop() }
        let gatewayKey = "\(dir)/gateway.pub"
        cluster.clientSecurity = try .client(keyPairFile: "\(dir)/client.key", gatewayPublicKeyFile: gatewayKey)

        // A worker whose key is not on the list never registers.
        try cluster.startWorker("echo", name: "stranger-worker", arguments: ["--curve-keys", "\(dir)/stranger-worker.key", "--gateway-key", gatewayKey])
        #expect(throws: ClusterError.self) { try cluster.waitUntilServing(Contract.Services.diagnostics, timeout: 2) }

        try cluster.startWorker("echo", name: "worker", arguments: ["--curve-keys", "\(dir)/worker.key", "--gateway-key", gatewayKey])
        try cluster.waitUntilServing(Contract.Services.diagnostics, timeout: 30)
        let known = try cluster.client(timeoutMs: 5000)
        defer { known.close() }
        #expect(try known.echo(Array("hello".utf8)).servedBy == "worker")

        // A client with an unknown key, and one without CURVE, get no answer at all.
        for security in [try SocketSecurity.client(keyPairFile: "\(dir)/stranger.key", gatewayPublicKeyFile: gatewayKey), .none] {
            let stranger = try MoodMusicClient(gateway: cluster.frontend, defaultTimeoutMs: 500, security: security)
            defer { stranger.close() }
            do {
                _ = try stranger.echo(Array("let me in".utf8))
                Issue.record("a client that is not on the allow-list was answered")
            } catch {
                #expect(error.code == .deadlineExceeded)
                #expect(error.message.contains("no answer from the gateway"))
            }
        }
        // The known client is unaffected.
        #expect(try known.echo(Array("still".utf8)).payload == Data("still".utf8))
    }
}
