import Foundation

/// The authorization-code + PKCE sign-in: a listener on 127.0.0.1 receives the redirect, the code
/// is exchanged, and the user token is saved to the token file (mode 0600).
public struct SpotifySignIn: Sendable {
    public let clientID: String
    public let endpoints: SpotifyEndpoints
    public let endpoint: TokenEndpoint
    public let store: TokenStore
    /// The redirect listener's port; it must match the redirect URI registered for the app.
    public let port: Int
    public let timeoutSeconds: Double

    /// The default redirect port; register http://127.0.0.1:8888/callback with the app.
    public static let defaultPort = 8888

    public init(clientID: String, endpoints: SpotifyEndpoints, http: SpotifyHTTP, store: TokenStore,
                port: Int = SpotifySignIn.defaultPort, timeoutSeconds: Double = 300) {
        self.clientID = clientID
        self.endpoints = endpoints
        self.endpoint = TokenEndpoint(endpoints: endpoints, http: http)
        self.store = store
        self.port = port
        self.timeoutSeconds = timeoutSeconds
    }

    /// Runs the sign-in. `present` shows the authorize URL to the user (prints it, opens a browser,
    /// or, in tests, follows it); it is called once, after the listener is up.
    public func run(present: @escaping @Sendable (String) async throws -> Void) async throws(SpotifyError) -> SpotifyToken {
        let (targets, continuation) = AsyncStream<String>.makeStream()
        let server: LoopbackHTTPServer
        do {
            server = try await LoopbackHTTPServer.start(port: port) { request in
                continuation.yield(request.target)
                guard request.target.hasPrefix(AuthorizationCodeFlow.callbackPath) else { return .text(404, "not found") }
                return .text(200, "<html><body><p>moodmusic: sign-in received. You can close this window.</p></body></html>",
                             contentType: "text/html; charset=utf-8")
            }
        } catch {
            throw .signInFailed("cannot listen on 127.0.0.1:\(port) for the sign-in redirect (\(error)); free the port or pass another")
        }
        let flow = AuthorizationCodeFlow(clientID: clientID, redirectURI: AuthorizationCodeFlow.loopbackRedirectURI(port: server.port))
        let timeout = Task {
            try? await Task.sleep(nanoseconds: UInt64(timeoutSeconds * 1e9))
            continuation.finish()
        }
        defer { timeout.cancel() }
        let code: String
        do {
            try await present(flow.authorizeURL(endpoints: endpoints))
            code = try await Self.awaitCode(targets, flow: flow)
        } catch {
            await server.stop()
            throw (error as? SpotifyError) ?? .signInFailed("sign-in failed: \(error)")
        }
        await server.stop()
        let token = try await endpoint.exchange(code: code, flow: flow)
        try store.save(token)
        return token
    }

    static func awaitCode(_ targets: AsyncStream<String>, flow: AuthorizationCodeFlow) async throws(SpotifyError) -> String {
        for await target in targets {
            switch flow.judge(requestTarget: target) {
            case .ignore: continue
            case .failed(let error): throw error
            case .code(let code): return code
            }
        }
        throw .signInFailed("no sign-in arrived at the redirect listener in time")
    }
}
