import Foundation

/// Writes a list of songs as a file people can play or import: M3U, XSPF or JSON, each with the
/// `spotify:track:` URI, the name, the artists and the open.spotify.com link.
public enum PlaylistExport {
    public struct Song: Sendable, Equatable {
        public var id: String
        public var name: String
        public var artists: [String]
        public init(id: String, name: String, artists: [String]) {
            self.id = id
            self.name = name
            self.artists = artists
        }
        public var uri: String { SpotifyID.trackURI(id) }
        public var link: String { SpotifyID.trackLink(id) }
    }

    public enum Format: String, Sendable, CaseIterable {
        case m3u, json, xspf

        /// From a file name's extension (.m3u, .m3u8, .json, .xspf), or nil.
        public init?(path: String) {
            switch (path as NSString).pathExtension.lowercased() {
            case "m3u", "m3u8": self = .m3u
            case "json": self = .json
            case "xspf": self = .xspf
            default: return nil
            }
        }
    }

    public static func render(_ songs: [Song], title: String, format: Format) -> String {
        switch format {
        case .m3u: return m3u(songs, title: title)
        case .json: return json(songs, title: title)
        case .xspf: return xspf(songs, title: title)
        }
    }

    /// Extended M3U: a #EXTINF line (unknown duration, "artists - name") before each URI.
    static func m3u(_ songs: [Song], title: String) -> String {
        var lines = ["#EXTM3U", "#PLAYLIST:\(oneLine(title))"]
        for song in songs {
            lines.append("#EXTINF:-1,\(oneLine(song.artists.joined(separator: ", "))) - \(oneLine(song.name))")
            lines.append("# \(song.link)")
            lines.append(song.uri)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ songs: [Song], title: String) -> String {
        let object: [String: Any] = [
            "title": title,
            "tracks": songs.map { ["id": $0.id, "uri": $0.uri, "name": $0.name, "artists": $0.artists, "url": $0.link] as [String: Any] },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// XSPF 1 (xspf.org): one <track> per song, the URI as <location>, the link as <info>.
    static func xspf(_ songs: [Song], title: String) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\">\n"
        out += "  <title>\(xml(title))</title>\n  <trackList>\n"
        for song in songs {
            out += "    <track>\n"
            out += "      <location>\(xml(song.uri))</location>\n"
            out += "      <identifier>\(xml(song.uri))</identifier>\n"
            out += "      <title>\(xml(song.name))</title>\n"
            out += "      <creator>\(xml(song.artists.joined(separator: ", ")))</creator>\n"
            out += "      <info>\(xml(song.link))</info>\n"
            out += "    </track>\n"
        }
        return out + "  </trackList>\n</playlist>\n"
    }

    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    static func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // Characters XML 1.0 forbids (most C0 controls) are dropped.
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
