import NIOHTTP1

/// Reads a playlist's tracks with the app's own token (client-credentials), following `next`.
public struct SpotifyPlaylistReader: Sendable {
    public let endpoints: SpotifyEndpoints
    public let http: SpotifyHTTP
    public let tokens: AppTokenCache

    public init(endpoints: SpotifyEndpoints, http: SpotifyHTTP, tokens: AppTokenCache) {
        self.endpoints = endpoints
        self.http = http
        self.tokens = tokens
    }

    /// Everything needed from the environment: endpoints and credentials. Throws `.noCredentials`
    /// with the way to set them when there are none.
    public static func fromEnvironment(_ environment: [String: String], http: SpotifyHTTP = SpotifyHTTP()) throws(SpotifyError) -> SpotifyPlaylistReader {
        guard let credentials = try SpotifyCredentials.load(environment), credentials.clientSecret != nil else {
            throw .noCredentials("reading a Spotify playlist needs a Spotify app's credentials: " + SpotifyCredentials.howToSet)
        }
        let endpoints = SpotifyEndpoints.fromEnvironment(environment)
        return SpotifyPlaylistReader(endpoints: endpoints, http: http,
                                     tokens: AppTokenCache(credentials: credentials, endpoint: TokenEndpoint(endpoints: endpoints, http: http)))
    }

    /// All of the playlist's usable tracks, in playlist order, with what was left out counted.
    public func tracks(playlistID: String) async throws(SpotifyError) -> PlaylistTracks {
        var paging = PlaylistPaging(endpoints: endpoints, playlistID: playlistID)
        var url = paging.firstURL
        while true {
            let what = "playlist \(playlistID) (page \(paging.pagesSeen + 1))"
            let reply = try await authorizedGet(url, what: what)
            switch reply.status {
            case 200:
                let page = try SpotifyHTTP.decode(PlaylistItemsPage.self, reply, what: what)
                switch try paging.add(page) {
                case .done: return paging.tracks
                case .fetch(let next): url = next
                }
            case 404:
                throw .playlistNotFound("Spotify has no playlist \(playlistID) (or it is private to its owner)")
            case 403:
                throw .unauthorized("Spotify forbids reading playlist \(playlistID) (\(SpotifyHTTP.errorMessage(reply.body) ?? "403")): Development Mode apps may read only some playlists, see docs/spotify.md")
            case 400:
                throw .playlistNotFound("Spotify refused playlist id \(playlistID): \(SpotifyHTTP.errorMessage(reply.body) ?? "bad request")")
            default:
                throw .badResponse("Spotify answered \(reply.status) to \(what): \(SpotifyHTTP.errorMessage(reply.body) ?? "no message")")
            }
        }
    }

    /// GET with the app token; a 401 drops the token and tries once more with a fresh one.
    func authorizedGet(_ url: String, what: String) async throws(SpotifyError) -> SpotifyHTTP.Reply {
        for attempt in 0..<2 {
            let token = try await tokens.current()
            let reply = try await http.send(.GET, url, headers: [("Authorization", "Bearer \(token.accessToken)")], what: what)
            guard reply.status == 401 else { return reply }
            await tokens.invalidate(token)
            if attempt == 1 {
                throw .unauthorized("Spotify refused the app's token for \(what) (\(reply.status): \(SpotifyHTTP.errorMessage(reply.body) ?? "no message")); check SPOTIFY_CLIENT_ID / SPOTIFY_CLIENT_SECRET")
            }
        }
        throw .unauthorized("Spotify refused the app's token for \(what)")
    }
}
