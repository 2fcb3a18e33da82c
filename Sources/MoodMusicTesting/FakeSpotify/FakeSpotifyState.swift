import Foundation
import MoodMusicSpotify

/// What the fake Spotify knows and remembers. Tests set it up and read it back.
public actor FakeSpotifyState {
    public struct CreatedPlaylist: Sendable, Equatable {
        public var ownerID: String
        public var name: String
        public var isPublic: Bool
        public var uris: [String]
    }

    /// What a request gets instead of its real answer, in order (one fault per request).
    public enum Fault: Sendable, Equatable {
        case status(Int, retryAfter: String?)
    }

    public nonisolated let clientID: String
    public nonisolated let clientSecret: String
    public nonisolated let userID = "fakeuser"
    public var playlists: [String: [FakePlaylistItem]] = [:]
    /// The largest page the fake returns, whatever `limit` asks: small to force paging.
    public var maxPageSize = 100
    /// Lifetime of the tokens it issues, in seconds.
    public var tokenLifetime = 3600
    public var faults: [Fault] = []
    /// Faults for the playlist-items path only (not the token endpoint).
    public var playlistFaults: [Fault] = []

    public private(set) var log: [String] = []
    public private(set) var refreshGrants = 0
    public private(set) var clientCredentialGrants = 0
    public private(set) var checkedChallenges: [String] = []
    public private(set) var created: [String: CreatedPlaylist] = [:]

    var appTokens: Set<String> = []
    var userTokens: [String: String] = [:]   // access token -> user id
    var refreshTokens: [String: String] = [:]  // refresh token -> user id
    var codes: [String: (challenge: String, redirectURI: String)] = [:]
    private var counter = 0

    public init(clientID: String, clientSecret: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    public func setPlaylist(_ id: String, _ items: [FakePlaylistItem]) { playlists[id] = items }
    public func setMaxPageSize(_ size: Int) { maxPageSize = size }
    public func setTokenLifetime(_ seconds: Int) { tokenLifetime = seconds }
    public func addFaults(_ list: [Fault]) { faults += list }
    public func addPlaylistFaults(_ list: [Fault]) { playlistFaults += list }
    public func requests(matching fragment: String) -> [String] { log.filter { $0.contains(fragment) } }

    func playlist(_ id: String) -> [FakePlaylistItem]? { playlists[id] }
    func user(of token: String) -> String? { userTokens[token] }
    func knows(token: String) -> Bool { appTokens.contains(token) || userTokens[token] != nil }

    func record(_ line: String) { log.append(line) }

    func nextFault(playlistPath: Bool) -> Fault? {
        if playlistPath, !playlistFaults.isEmpty { return playlistFaults.removeFirst() }
        return faults.isEmpty ? nil : faults.removeFirst()
    }

    func fresh(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)-\(counter)-\(UUID().uuidString.prefix(8))"
    }

    func issueAppToken() -> String {
        clientCredentialGrants += 1
        let token = fresh("app")
        appTokens.insert(token)
        return token
    }

    func issueCode(challenge: String, redirectURI: String) -> String {
        let code = fresh("code")
        codes[code] = (challenge, redirectURI)
        return code
    }

    /// Checks the PKCE verifier against the challenge recorded at /authorize; nil when refused.
    func redeem(code: String, verifier: String, redirectURI: String) -> (access: String, refresh: String)? {
        guard let pending = codes.removeValue(forKey: code), pending.redirectURI == redirectURI,
              PKCE.challenge(for: verifier) == pending.challenge else { return nil }
        checkedChallenges.append(pending.challenge)
        return issueUserTokens()
    }

    /// A refresh revokes the access tokens issued before it, so a stale one is caught.
    func refresh(_ refreshToken: String) -> (access: String, refresh: String)? {
        guard refreshTokens[refreshToken] != nil else { return nil }
        refreshGrants += 1
        userTokens.removeAll()
        refreshTokens[refreshToken] = nil
        return issueUserTokens()
    }

    private func issueUserTokens() -> (access: String, refresh: String) {
        let access = fresh("user"), refresh = fresh("refresh")
        userTokens[access] = userID
        refreshTokens[refresh] = userID
        return (access, refresh)
    }

    func createPlaylist(owner: String, name: String, isPublic: Bool) -> String {
        var id = ""
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        for _ in 0..<SpotifyID.length { id.append(alphabet.randomElement()!) }
        created[id] = CreatedPlaylist(ownerID: owner, name: name, isPublic: isPublic, uris: [])
        return id
    }

    func append(uris: [String], to id: String) -> Bool {
        guard created[id] != nil else { return false }
        created[id]!.uris += uris
        return true
    }
}
