import Foundation

/// Everything a command-line user needs: the app's client id, the endpoints, the token file,
/// the sign-in and the playlist writer.
public struct SpotifyUserSession: Sendable {
    public let credentials: SpotifyCredentials
    public let endpoints: SpotifyEndpoints
    public let http: SpotifyHTTP
    public let store: TokenStore

    public init(credentials: SpotifyCredentials, endpoints: SpotifyEndpoints, http: SpotifyHTTP = SpotifyHTTP(), store: TokenStore) {
        self.credentials = credentials
        self.endpoints = endpoints
        self.http = http
        self.store = store
    }

    /// From SPOTIFY_CLIENT_ID (or the credentials file), the endpoint variables and the token file path.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(SpotifyError) -> SpotifyUserSession {
        guard let credentials = try SpotifyCredentials.load(environment) else {
            throw .noCredentials("signing in to Spotify needs a Spotify app's client id: " + SpotifyCredentials.howToSet)
        }
        return SpotifyUserSession(credentials: credentials, endpoints: .fromEnvironment(environment),
                                  store: TokenStore(path: SpotifyPaths.tokenFile(environment)))
    }

    public var tokens: UserTokenProvider {
        UserTokenProvider(store: store, endpoint: TokenEndpoint(endpoints: endpoints, http: http), clientID: credentials.clientID)
    }

    public var writer: SpotifyPlaylistWriter { SpotifyPlaylistWriter(endpoints: endpoints, http: http, tokens: tokens) }

    public func hasToken() throws(SpotifyError) -> Bool { try store.load() != nil }

    /// The PKCE sign-in; `present` shows the authorize URL.
    public func signIn(port: Int, timeoutSeconds: Double = 300, present: @escaping @Sendable (String) async throws -> Void) async throws(SpotifyError) -> SpotifyToken {
        let signIn = SpotifySignIn(clientID: credentials.clientID, endpoints: endpoints, http: http, store: store,
                                   port: port, timeoutSeconds: timeoutSeconds)
        return try await signIn.run(present: present)
    }
}
