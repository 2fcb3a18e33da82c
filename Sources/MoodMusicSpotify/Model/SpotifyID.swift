/// Parses what a person pastes for a playlist or a track: an open.spotify.com link, a
/// `spotify:playlist:` / `spotify:track:` URI, or the bare 22-character base-62 id.
public enum SpotifyID {
    /// The length of every Spotify id (base 62).
    public static let length = 22

    /// True when `text` is a well-formed Spotify id.
    public static func isValid<S: StringProtocol>(_ text: S) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        }
    }

    /// The playlist id in `reference`, or a message saying what was wrong with it.
    public static func playlist(_ reference: String) -> Result<String, SpotifyError> {
        parse(reference, kind: "playlist")
    }

    /// The track id in `reference` (link, `spotify:track:` URI or bare id).
    public static func track(_ reference: String) -> Result<String, SpotifyError> {
        parse(reference, kind: "track")
    }

    static func parse(_ reference: String, kind: String) -> Result<String, SpotifyError> {
        let text = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        let bad = SpotifyError.badReference(
            "'\(text.prefix(200))' is not a Spotify \(kind): give an open.spotify.com/\(kind)/ link, a spotify:\(kind): URI or a 22-character id")
        if isValid(text) { return .success(text) }
        if text.hasPrefix("spotify:") {
            // spotify:playlist:ID, and the older spotify:user:NAME:playlist:ID.
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 3, parts[parts.count - 2] == Substring(kind), isValid(parts[parts.count - 1]) else { return .failure(bad) }
            return .success(String(parts[parts.count - 1]))
        }
        guard let url = URLComponents(string: text), let host = url.host?.lowercased(),
              ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
              host == "open.spotify.com" || host == "play.spotify.com" else { return .failure(bad) }
        // /playlist/ID, /intl-de/playlist/ID, /user/NAME/playlist/ID; the query (?si=...) is ignored.
        let segments = url.path.split(separator: "/")
        guard let at = segments.lastIndex(of: Substring(kind)), at + 1 < segments.count, isValid(segments[at + 1]) else {
            return .failure(bad)
        }
        return .success(String(segments[at + 1]))
    }

    public static func trackURI(_ id: String) -> String { "spotify:track:\(id)" }
    public static func trackLink(_ id: String) -> String { "https://open.spotify.com/track/\(id)" }
    public static func playlistLink(_ id: String) -> String { "https://open.spotify.com/playlist/\(id)" }
}

import Foundation
