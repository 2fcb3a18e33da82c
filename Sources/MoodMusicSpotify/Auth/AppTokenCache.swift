/// The client-credentials token, fetched once and renewed shortly before it expires.
public actor AppTokenCache {
    let credentials: SpotifyCredentials
    let endpoint: TokenEndpoint
    private var token: SpotifyToken?

    public init(credentials: SpotifyCredentials, endpoint: TokenEndpoint) {
        self.credentials = credentials
        self.endpoint = endpoint
    }

    /// A token good for at least the refresh margin.
    public func current() async throws(SpotifyError) -> SpotifyToken {
        if let token, !token.needsRefresh(now: endpoint.now()) { return token }
        let fresh = try await endpoint.clientCredentials(credentials)
        token = fresh
        return fresh
    }

    /// Drops a token the API refused, so the next call fetches a new one.
    public func invalidate(_ refused: SpotifyToken) {
        if token == refused { token = nil }
    }
}
