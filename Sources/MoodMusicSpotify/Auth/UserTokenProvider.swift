/// The signed-in user's token from the token file, refreshed (and saved again) before it expires.
public actor UserTokenProvider {
    public let store: TokenStore
    let endpoint: TokenEndpoint
    let clientID: String

    public init(store: TokenStore, endpoint: TokenEndpoint, clientID: String) {
        self.store = store
        self.endpoint = endpoint
        self.clientID = clientID
    }

    /// A token good for at least the refresh margin; `.notSignedIn` when there is none.
    public func current() async throws(SpotifyError) -> SpotifyToken {
        guard let token = try store.load() else { throw .notSignedIn("not signed in to Spotify; run `mmctl spotify login` first") }
        guard token.needsRefresh(now: endpoint.now()) else { return token }
        let fresh = try await endpoint.refresh(token, clientID: token.clientID ?? clientID)
        try store.save(fresh)
        return fresh
    }
}
