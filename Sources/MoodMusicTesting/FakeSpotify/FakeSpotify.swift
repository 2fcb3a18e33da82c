import MoodMusicSpotify

/// A Spotify stand-in on 127.0.0.1 for tests: the Web API under /v1 and the accounts service
/// under /accounts, answering with JSON shaped like Spotify's reference. `stop` once when done.
public final class FakeSpotify: Sendable {
    public let state: FakeSpotifyState
    private let server: LoopbackHTTPServer

    private init(state: FakeSpotifyState, server: LoopbackHTTPServer) {
        self.state = state
        self.server = server
    }

    /// Binds 127.0.0.1 on a port the kernel picks (or `port`).
    public static func start(clientID: String = "fake-client-id", clientSecret: String = "fake-client-secret", port: Int = 0) async throws -> FakeSpotify {
        let state = FakeSpotifyState(clientID: clientID, clientSecret: clientSecret)
        let box = BaseURLBox()
        let server = try await LoopbackHTTPServer.start(port: port) { request in
            await FakeSpotifyRoutes(state: state, baseURL: box.value).handle(request)
        }
        box.value = "http://127.0.0.1:\(server.port)"
        return FakeSpotify(state: state, server: server)
    }

    public var port: Int { server.port }
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    public var endpoints: SpotifyEndpoints { SpotifyEndpoints(api: baseURL + "/v1", accounts: baseURL + "/accounts") }
    public var credentials: SpotifyCredentials { SpotifyCredentials(clientID: state.clientID, clientSecret: state.clientSecret) }

    /// The variables that point moodmusic's Spotify code at this fake.
    public var environment: [String: String] {
        ["SPOTIFY_CLIENT_ID": state.clientID, "SPOTIFY_CLIENT_SECRET": state.clientSecret,
         "MOODMUSIC_SPOTIFY_API_URL": endpoints.api, "MOODMUSIC_SPOTIFY_ACCOUNTS_URL": endpoints.accounts]
    }

    public func stop() async { await server.stop() }
}

/// The base URL is known only after binding; the handler reads it per request.
private final class BaseURLBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = ""
    var value: String {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}

import Foundation
