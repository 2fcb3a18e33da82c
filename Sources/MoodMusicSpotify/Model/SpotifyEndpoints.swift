import Foundation

/// Where the Web API and the accounts service live. Tests point both at a fake on loopback.
public struct SpotifyEndpoints: Sendable, Equatable {
    public static let defaultAPI = "https://api.spotify.com/v1"
    public static let defaultAccounts = "https://accounts.spotify.com"

    /// e.g. https://api.spotify.com/v1 (no trailing slash).
    public var api: String
    /// e.g. https://accounts.spotify.com (no trailing slash).
    public var accounts: String

    public init(api: String = SpotifyEndpoints.defaultAPI, accounts: String = SpotifyEndpoints.defaultAccounts) {
        self.api = Self.trimmed(api)
        self.accounts = Self.trimmed(accounts)
    }

    /// MOODMUSIC_SPOTIFY_API_URL and MOODMUSIC_SPOTIFY_ACCOUNTS_URL, else Spotify's own.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> SpotifyEndpoints {
        SpotifyEndpoints(api: nonEmpty(environment["MOODMUSIC_SPOTIFY_API_URL"]) ?? defaultAPI,
                         accounts: nonEmpty(environment["MOODMUSIC_SPOTIFY_ACCOUNTS_URL"]) ?? defaultAccounts)
    }

    public var tokenURL: String { accounts + "/api/token" }
    public var authorizeURL: String { accounts + "/authorize" }

    /// True when `url` is on the API's scheme, host and port: a `next` link elsewhere would
    /// receive the bearer token, so it is refused.
    public func isOnAPI(_ url: String) -> Bool {
        guard let base = URLComponents(string: api), let other = URLComponents(string: url) else { return false }
        return base.scheme?.lowercased() == other.scheme?.lowercased() && base.host?.lowercased() == other.host?.lowercased()
            && base.port == other.port && other.path.hasPrefix(base.path)
    }

    static func trimmed(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
