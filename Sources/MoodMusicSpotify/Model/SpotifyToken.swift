import Foundation

/// The accounts service's answer to POST /api/token.
public struct TokenResponse: Decodable, Sendable {
    public var access_token: String
    public var token_type: String?
    public var expires_in: Int?
    public var refresh_token: String?
    public var scope: String?
}

/// An access token with the time it stops working; a user token also has a refresh token.
/// This is what the token file holds (mode 0600). `description` shows no token.
public struct SpotifyToken: Codable, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessToken: String
    public var refreshToken: String?
    /// Seconds since 1970.
    public var expiresAt: Double
    public var scope: String?
    /// The client id the token was issued to (a refresh must use the same one).
    public var clientID: String?

    public init(accessToken: String, refreshToken: String?, expiresAt: Double, scope: String?, clientID: String?) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.scope = scope
        self.clientID = clientID
    }

    /// From a token response received at `now`; a refresh answer may omit the refresh token, then the old one stays.
    public init(_ response: TokenResponse, receivedAt now: Double, previousRefreshToken: String? = nil, clientID: String?) {
        let lifetime = Double(max(0, min(response.expires_in ?? 3600, 86_400 * 365)))
        self.init(accessToken: response.access_token, refreshToken: response.refresh_token ?? previousRefreshToken,
                  expiresAt: now + lifetime, scope: response.scope, clientID: clientID)
    }

    /// Seconds before expiry at which a token is renewed, so no call goes out with one about to lapse.
    public static let refreshMargin: Double = 60

    /// True when the token must be renewed before use at `now`.
    public func needsRefresh(now: Double, margin: Double = SpotifyToken.refreshMargin) -> Bool {
        now + margin >= expiresAt
    }

    public var debugDescription: String { description }
    public var description: String { "SpotifyToken(expiresAt: \(expiresAt), refreshable: \(refreshToken != nil), scope: \(scope ?? "-"))" }
}
