import Foundation

/// A Spotify app's client id and secret. `description` never shows the secret.
public struct SpotifyCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var clientID: String
    /// Needed for the client-credentials flow (reading); the PKCE sign-in uses the id alone.
    public var clientSecret: String?

    public init(clientID: String, clientSecret: String?) {
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    public var debugDescription: String { description }
    public var description: String { "SpotifyCredentials(clientID: \(clientID), clientSecret: \(clientSecret == nil ? "none" : "<redacted>"))" }

    /// The message every "no credentials" error carries.
    public static let howToSet = "set SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET, or write them to a credentials file "
        + "(MOODMUSIC_SPOTIFY_CREDENTIALS, default ~/.config/moodmusic/spotify-credentials.json: "
        + "{\"client_id\": \"...\", \"client_secret\": \"...\"}); see docs/spotify.md"

    /// The credentials file: MOODMUSIC_SPOTIFY_CREDENTIALS, else ~/.config/moodmusic/spotify-credentials.json.
    public static func filePath(_ environment: [String: String]) -> String {
        if let path = environment["MOODMUSIC_SPOTIFY_CREDENTIALS"], !path.isEmpty { return path }
        return SpotifyPaths.configDirectory(environment) + "/spotify-credentials.json"
    }

    /// The environment first, then the credentials file; nil when neither gives a client id.
    public static func load(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(SpotifyError) -> SpotifyCredentials? {
        if let id = environment["SPOTIFY_CLIENT_ID"], !id.isEmpty {
            let secret = environment["SPOTIFY_CLIENT_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
            return SpotifyCredentials(clientID: id, clientSecret: secret)
        }
        let path = filePath(environment)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .noCredentials("cannot read the credentials file \(path)")
        }
        return try parseFile(data, path: path)
    }

    static func parseFile(_ data: Data, path: String) throws(SpotifyError) -> SpotifyCredentials {
        struct File: Decodable { let client_id: String; let client_secret: String? }
        guard let file = try? JSONDecoder().decode(File.self, from: data), !file.client_id.isEmpty else {
            throw .noCredentials("the credentials file \(path) must be JSON: {\"client_id\": \"...\", \"client_secret\": \"...\"}")
        }
        return SpotifyCredentials(clientID: file.client_id, clientSecret: file.client_secret.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The HTTP Basic header value for the token endpoint.
    var basicAuthorization: String? {
        guard let clientSecret else { return nil }
        return "Basic " + Data("\(clientID):\(clientSecret)".utf8).base64EncodedString()
    }
}

/// Where moodmusic keeps its Spotify files.
public enum SpotifyPaths {
    /// $XDG_CONFIG_HOME/moodmusic, else ~/.config/moodmusic.
    public static func configDirectory(_ environment: [String: String]) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/moodmusic" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/moodmusic"
    }

    /// The signed-in user's token: MOODMUSIC_SPOTIFY_TOKEN_FILE, else spotify-token.json in the config directory.
    public static func tokenFile(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["MOODMUSIC_SPOTIFY_TOKEN_FILE"], !path.isEmpty { return path }
        return configDirectory(environment) + "/spotify-token.json"
    }
}
