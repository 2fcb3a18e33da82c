import Foundation

/// The authorization-code + PKCE sign-in, as values: the URL to open, and the check of what
/// comes back to the loopback redirect. No I/O.
public struct AuthorizationCodeFlow: Sendable {
    /// Creating and filling a private playlist, and reading the user's private playlists.
    public static let scopes = ["playlist-modify-private", "playlist-read-private"]
    /// The redirect path the loopback listener serves.
    public static let callbackPath = "/callback"

    public let clientID: String
    public let redirectURI: String
    public let pkce: PKCE
    public let state: String

    public init(clientID: String, redirectURI: String, pkce: PKCE = .random(), state: String = PKCE.randomState()) {
        self.clientID = clientID
        self.redirectURI = redirectURI
        self.pkce = pkce
        self.state = state
    }

    /// http://127.0.0.1:PORT/callback: the form Spotify accepts for loopback redirects (not "localhost").
    public static func loopbackRedirectURI(port: Int) -> String { "http://127.0.0.1:\(port)\(callbackPath)" }

    /// The page the user opens to sign in.
    public func authorizeURL(endpoints: SpotifyEndpoints) -> String {
        var components = URLComponents(string: endpoints.authorizeURL) ?? URLComponents()
        components.queryItems = [
            URLQueryItem(name: "client_id", value: clientID), URLQueryItem(name: "response_type", value: "code"),
            URLQueryItem(name: "redirect_uri", value: redirectURI), URLQueryItem(name: "code_challenge_method", value: "S256"),
            URLQueryItem(name: "code_challenge", value: pkce.challenge), URLQueryItem(name: "state", value: state),
            URLQueryItem(name: "scope", value: Self.scopes.joined(separator: " ")),
        ]
        return components.string ?? endpoints.authorizeURL
    }

    public enum Callback: Sendable, Equatable {
        /// The code to exchange.
        case code(String)
        /// The user denied, or the state did not match.
        case failed(SpotifyError)
        /// Not the callback (a favicon request, say): keep listening.
        case ignore
    }

    /// Judges the request target the browser sent to the listener, e.g. "/callback?code=...&state=...".
    public func judge(requestTarget: String) -> Callback {
        guard let components = URLComponents(string: requestTarget), components.path == Self.callbackPath else { return .ignore }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
        guard query["state"] == state else {
            return .failed(.signInFailed("the sign-in answer's state does not match this sign-in; start again"))
        }
        if let error = query["error"] { return .failed(.signInFailed("Spotify sign-in failed: \(error.prefix(100))")) }
        guard let code = query["code"], !code.isEmpty else { return .failed(.signInFailed("the sign-in answer has no code")) }
        return .code(code)
    }

    /// The form body that exchanges the code (PKCE: client id and verifier, no secret).
    public func tokenRequestBody(code: String) -> String {
        FormBody.encode([("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
                         ("client_id", clientID), ("code_verifier", pkce.verifier)])
    }
}

/// application/x-www-form-urlencoded.
public enum FormBody {
    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    public static func decode(_ body: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = unescape(String(parts[0]))
            if out[key] == nil { out[key] = parts.count > 1 ? unescape(String(parts[1])) : "" }
        }
        return out
    }

    static let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func escape(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
    static func unescape(_ text: String) -> String { text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text }
}
