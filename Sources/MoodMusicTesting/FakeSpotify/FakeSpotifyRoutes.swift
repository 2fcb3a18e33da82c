import Foundation
import MoodMusicSpotify

/// The fake's endpoints: accounts (/accounts/api/token, /accounts/authorize) and the Web API (/v1/...).
struct FakeSpotifyRoutes: Sendable {
    typealias Request = LoopbackHTTPServer.Request
    typealias Response = LoopbackHTTPServer.Response

    let state: FakeSpotifyState
    let baseURL: String

    func handle(_ request: Request) async -> Response {
        let components = URLComponents(string: request.target)
        let path = components?.path ?? request.target
        let query = Dictionary((components?.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
        await state.record("\(request.method) \(request.target)")
        let isPlaylistItems = path.hasPrefix("/v1/playlists/") && (path.hasSuffix("/items") || path.hasSuffix("/tracks")) && request.method == "GET"
        if case .status(let code, let retryAfter)? = await state.nextFault(playlistPath: isPlaylistItems) {
            var response = Self.apiError(code, code == 429 ? "API rate limit exceeded" : "Service unavailable")
            if let retryAfter { response.headers.append(("Retry-After", retryAfter)) }
            return response
        }
        let s = path.split(separator: "/").map(String.init)
        let method = request.method
        if method == "POST", s == ["accounts", "api", "token"] { return await token(request) }
        if method == "GET", s == ["accounts", "authorize"] { return await authorize(query) }
        if s.count == 4, s[0] == "v1", s[1] == "playlists", s[3] == "items" || s[3] == "tracks" {
            if method == "GET" { return await playlistItems(id: s[2], field: s[3] == "items" ? "item" : "track", query: query, request: request) }
            if method == "POST" { return await addItems(id: s[2], request: request) }
        }
        if method == "GET", s == ["v1", "me"] {
            guard let user = await userOf(request) else { return Self.apiError(401, "Invalid access token") }
            return Self.json(200, ["id": user, "display_name": "Fake User", "type": "user", "uri": "spotify:user:\(user)"])
        }
        if method == "POST", s == ["v1", "me", "playlists"] { return await createPlaylist(request: request) }
        return Self.apiError(404, "Service not found")
    }

    private func token(_ request: Request) async -> Response {
        let form = FormBody.decode(String(decoding: request.body, as: UTF8.self))
        let lifetime = await state.tokenLifetime
        switch form["grant_type"] {
        case "client_credentials":
            let expected = "Basic " + Data("\(state.clientID):\(state.clientSecret)".utf8).base64EncodedString()
            guard request.header("Authorization") == expected else { return Self.oauthError(400, "invalid_client", "Invalid client") }
            let token = await state.issueAppToken()
            return Self.json(200, ["access_token": token, "token_type": "Bearer", "expires_in": lifetime])
        case "authorization_code":
            guard form["client_id"] == state.clientID else { return Self.oauthError(400, "invalid_client", "Invalid client") }
            guard let tokens = await state.redeem(code: form["code"] ?? "", verifier: form["code_verifier"] ?? "",
                                                  redirectURI: form["redirect_uri"] ?? "") else {
                return Self.oauthError(400, "invalid_grant", "code_verifier was incorrect")
            }
            return Self.json(200, ["access_token": tokens.access, "token_type": "Bearer", "expires_in": lifetime,
                                   "refresh_token": tokens.refresh, "scope": AuthorizationCodeFlow.scopes.joined(separator: " ")])
        case "refresh_token":
            guard form["client_id"] == state.clientID, let tokens = await state.refresh(form["refresh_token"] ?? "") else {
                return Self.oauthError(400, "invalid_grant", "Invalid refresh token")
            }
            return Self.json(200, ["access_token": tokens.access, "token_type": "Bearer", "expires_in": lifetime,
                                   "refresh_token": tokens.refresh, "scope": AuthorizationCodeFlow.scopes.joined(separator: " ")])
        default:
            return Self.oauthError(400, "unsupported_grant_type", "grant_type must be client_credentials, authorization_code or refresh_token")
        }
    }

    /// Stands in for the user approving: records the challenge and redirects back with a code.
    private func authorize(_ query: [String: String]) async -> Response {
        guard query["client_id"] == state.clientID else { return .text(400, "INVALID_CLIENT: Invalid client") }
        guard let redirect = query["redirect_uri"], redirect.hasPrefix("http://127.0.0.1:") else {
            return .text(400, "INVALID_CLIENT: Invalid redirect URI")
        }
        guard query["response_type"] == "code", query["code_challenge_method"] == "S256",
              let challenge = query["code_challenge"], challenge.count == 43 else { return .text(400, "code_challenge missing or malformed") }
        let code = await state.issueCode(challenge: challenge, redirectURI: redirect)
        var location = URLComponents(string: redirect)!
        location.queryItems = [URLQueryItem(name: "code", value: code), URLQueryItem(name: "state", value: query["state"] ?? "")]
        return Response(status: 302, headers: [("Location", location.string!)])
    }

    private func playlistItems(id: String, field: String, query: [String: String], request: Request) async -> Response {
        guard await isValidToken(request) else { return Self.apiError(401, "Invalid access token") }
        guard let items = await state.playlist(id) else { return Self.apiError(404, "Resource not found") }
        let offset = max(0, Int(query["offset"] ?? "0") ?? 0)
        guard let asked = Int(query["limit"] ?? "20"), (1...50).contains(asked) else { return Self.apiError(400, "Invalid limit") }
        let pageSize = await state.maxPageSize
        let limit = min(asked, pageSize)
        let kind = field == "item" ? "items" : "tracks"
        let page = offset < items.count ? Array(items[offset..<min(items.count, offset + limit)]) : []
        func link(_ at: Int) -> String { "\(baseURL)/v1/playlists/\(id)/\(kind)?offset=\(at)&limit=\(limit)" }
        let next: Any = offset + limit < items.count ? link(offset + limit) : NSNull()
        let previous: Any = offset > 0 ? link(max(0, offset - limit)) : NSNull()
        return Self.json(200, ["href": link(offset), "items": page.map { $0.json(field: field) }, "limit": limit, "next": next,
                               "offset": offset, "previous": previous, "total": items.count])
    }

    private func createPlaylist(request: Request) async -> Response {
        guard let owner = await userOf(request) else { return Self.apiError(401, "Invalid access token") }
        guard let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
              let name = body["name"] as? String, !name.isEmpty else { return Self.apiError(400, "Missing required field: name") }
        let isPublic = body["public"] as? Bool ?? true
        let id = await state.createPlaylist(owner: owner, name: name, isPublic: isPublic)
        return Self.json(201, ["id": id, "name": name, "public": isPublic, "type": "playlist",
                               "uri": "spotify:playlist:\(id)", "external_urls": ["spotify": "https://open.spotify.com/playlist/\(id)"],
                               "owner": ["id": owner, "type": "user"], "items": ["href": "\(baseURL)/v1/playlists/\(id)/items", "total": 0]])
    }

    private func addItems(id: String, request: Request) async -> Response {
        guard await userOf(request) != nil else { return Self.apiError(401, "Invalid access token") }
        guard let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
              let uris = body["uris"] as? [String], (1...100).contains(uris.count),
              uris.allSatisfy({ $0.hasPrefix("spotify:track:") && SpotifyID.isValid($0.dropFirst(14)) }) else {
            return Self.apiError(400, "Invalid uris")
        }
        guard await state.append(uris: uris, to: id) else { return Self.apiError(404, "Resource not found") }
        return Self.json(201, ["snapshot_id": "AAAAB\(uris.count)"])
    }

    private func bearer(_ request: Request) -> String? {
        guard let value = request.header("Authorization"), value.hasPrefix("Bearer ") else { return nil }
        return String(value.dropFirst(7))
    }

    private func isValidToken(_ request: Request) async -> Bool {
        guard let token = bearer(request) else { return false }
        return await state.knows(token: token)
    }

    private func userOf(_ request: Request) async -> String? {
        guard let token = bearer(request) else { return nil }
        return await state.user(of: token)
    }

    static func json(_ status: Int, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
        return Response(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: Array(data))
    }

    static func apiError(_ status: Int, _ message: String) -> Response { json(status, ["error": ["status": status, "message": message]]) }
    static func oauthError(_ status: Int, _ error: String, _ description: String) -> Response {
        json(status, ["error": error, "error_description": description])
    }
}
