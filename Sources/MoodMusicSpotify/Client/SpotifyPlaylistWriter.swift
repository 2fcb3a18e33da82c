import Foundation

/// Creates a private playlist for the signed-in user and fills it with tracks.
public struct SpotifyPlaylistWriter: Sendable {
    public struct User: Decodable, Sendable { public var id: String; public var display_name: String? }
    public struct CreatedPlaylist: Sendable, Equatable { public var id: String; public var url: String }

    /// Spotify takes at most 100 URIs per add request.
    public static let urisPerRequest = 100

    public let endpoints: SpotifyEndpoints
    public let http: SpotifyHTTP
    public let tokens: UserTokenProvider

    public init(endpoints: SpotifyEndpoints, http: SpotifyHTTP, tokens: UserTokenProvider) {
        self.endpoints = endpoints
        self.http = http
        self.tokens = tokens
    }

    /// GET /me.
    public func me() async throws(SpotifyError) -> User {
        let reply = try await call(.GET, "/me", body: nil, what: "who is signed in")
        return try SpotifyHTTP.decode(User.self, reply, what: "GET /me")
    }

    /// Creates (POST /me/playlists) a private playlist named `name` holding `trackIDs` in order; returns its id and link.
    public func createPlaylist(name: String, description: String, trackIDs: [String]) async throws(SpotifyError) -> CreatedPlaylist {
        struct Created: Decodable { struct Links: Decodable { var spotify: String? }; var id: String; var external_urls: Links? }
        let body = try Self.json(["name": name, "public": false, "description": description])
        let reply = try await call(.POST, "/me/playlists", body: body, what: "creating playlist '\(name)'")
        let created = try SpotifyHTTP.decode(Created.self, reply, what: "creating a playlist")
        guard SpotifyID.isValid(created.id) else { throw .badResponse("Spotify created a playlist with an odd id") }
        for start in stride(from: 0, to: trackIDs.count, by: Self.urisPerRequest) {
            let chunk = trackIDs[start..<min(trackIDs.count, start + Self.urisPerRequest)].map(SpotifyID.trackURI)
            _ = try await call(.POST, "/playlists/\(created.id)/items", body: try Self.json(["uris": chunk]),
                               what: "adding tracks to playlist \(created.id)")
        }
        return CreatedPlaylist(id: created.id, url: created.external_urls?.spotify ?? SpotifyID.playlistLink(created.id))
    }

    func call(_ method: HTTPMethodName, _ path: String, body: [UInt8]?, what: String) async throws(SpotifyError) -> SpotifyHTTP.Reply {
        let token = try await tokens.current()
        var headers = [("Authorization", "Bearer \(token.accessToken)")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let reply = try await http.send(method.nio, endpoints.api + path, headers: headers, body: body, what: what)
        switch reply.status {
        case 200..<300: return reply
        case 401: throw .unauthorized("Spotify refused the sign-in for \(what); run `mmctl spotify login` again")
        case 403: throw .unauthorized("Spotify forbids \(what) (\(SpotifyHTTP.errorMessage(reply.body) ?? "403")); the app may lack the playlist-modify-private scope or the user is not on its allow-list (docs/spotify.md)")
        default: throw .badResponse("Spotify answered \(reply.status) to \(what): \(SpotifyHTTP.errorMessage(reply.body) ?? "no message")")
        }
    }

    static func json(_ object: [String: Any]) throws(SpotifyError) -> [UInt8] {
        guard let data = try? JSONSerialization.data(withJSONObject: object) else { throw .badResponse("cannot encode a request body") }
        return Array(data)
    }
}

/// The two methods the writer uses, so callers need not import NIO.
public enum HTTPMethodName: Sendable {
    case GET, POST
    var nio: NIOHTTP1.HTTPMethod { self == .GET ? .GET : .POST }
}

import NIOHTTP1
