import Foundation
import NIOHTTP1

/// POST /api/token on the accounts service: the three grants this service uses.
public struct TokenEndpoint: Sendable {
    public let endpoints: SpotifyEndpoints
    public let http: SpotifyHTTP
    public let now: @Sendable () -> Double

    public init(endpoints: SpotifyEndpoints, http: SpotifyHTTP, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.endpoints = endpoints
        self.http = http
        self.now = now
    }

    /// The app's own token (client-credentials): reads public playlists.
    public func clientCredentials(_ credentials: SpotifyCredentials) async throws(SpotifyError) -> SpotifyToken {
        guard let basic = credentials.basicAuthorization else {
            throw .noCredentials("reading playlists needs the client secret too: " + SpotifyCredentials.howToSet)
        }
        let body = FormBody.encode([("grant_type", "client_credentials")])
        return try await post(body: body, authorization: basic, what: "the client-credentials token request",
                              previousRefreshToken: nil, clientID: credentials.clientID)
    }

    /// Exchanges the sign-in's code for a user token.
    public func exchange(code: String, flow: AuthorizationCodeFlow) async throws(SpotifyError) -> SpotifyToken {
        try await post(body: flow.tokenRequestBody(code: code), authorization: nil, what: "the sign-in code exchange",
                       previousRefreshToken: nil, clientID: flow.clientID)
    }

    /// Renews a user token with its refresh token (PKCE clients send their id, no secret).
    public func refresh(_ token: SpotifyToken, clientID: String) async throws(SpotifyError) -> SpotifyToken {
        guard let refreshToken = token.refreshToken else { throw .notSignedIn("the stored token cannot be refreshed; run `mmctl spotify login`") }
        let body = FormBody.encode([("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", clientID)])
        return try await post(body: body, authorization: nil, what: "the token refresh", previousRefreshToken: refreshToken, clientID: clientID)
    }

    private func post(body: String, authorization: String?, what: String, previousRefreshToken: String?, clientID: String) async throws(SpotifyError) -> SpotifyToken {
        var headers = [("Content-Type", "application/x-www-form-urlencoded")]
        if let authorization { headers.append(("Authorization", authorization)) }
        let reply = try await http.send(.POST, endpoints.tokenURL, headers: headers, body: Array(body.utf8), what: what)
        switch reply.status {
        case 200:
            let response = try SpotifyHTTP.decode(TokenResponse.self, reply, what: what)
            return SpotifyToken(response, receivedAt: now(), previousRefreshToken: previousRefreshToken, clientID: clientID)
        case 400, 401:
            let detail = SpotifyHTTP.errorMessage(reply.body) ?? "HTTP \(reply.status)"
            throw .badCredentials("Spotify refused \(what) (\(detail)); check SPOTIFY_CLIENT_ID / SPOTIFY_CLIENT_SECRET or sign in again")
        default:
            throw .badResponse("Spotify answered \(reply.status) to \(what)")
        }
    }
}
