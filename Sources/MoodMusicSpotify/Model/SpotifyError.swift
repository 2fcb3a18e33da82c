/// Everything that can go wrong talking to Spotify, each with a message a person can act on.
/// No case ever carries a secret or a token.
public enum SpotifyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text given for a playlist or track is not a Spotify link, URI or id.
    case badReference(String)
    /// No client id / secret could be found.
    case noCredentials(String)
    /// The accounts service refused the client id and secret (or the refresh token).
    case badCredentials(String)
    /// The API refused the access token (401) or the scope (403).
    case unauthorized(String)
    /// The playlist does not exist, or is private to someone else.
    case playlistNotFound(String)
    /// Could not connect at all.
    case unreachable(String)
    /// 429s or 5xx that outlasted the retries.
    case gaveUp(String)
    /// A status or a body that makes no sense for the call.
    case badResponse(String)
    /// The user did not sign in (cancelled, wrong state, timed out).
    case signInFailed(String)
    /// A user sign-in is needed and there is no stored token.
    case notSignedIn(String)

    public var description: String {
        switch self {
        case .badReference(let m), .noCredentials(let m), .badCredentials(let m), .unauthorized(let m),
             .playlistNotFound(let m), .unreachable(let m), .gaveUp(let m), .badResponse(let m),
             .signInFailed(let m), .notSignedIn(let m):
            return m
        }
    }
}
