import Foundation
import MoodMusicSpotify
import MoodMusicTesting
import Testing

@Suite("Signing in (PKCE) and writing playlists on the fake Spotify")
struct SignInAndWriteTests {
    func makeSession(_ fake: FakeSpotify, dir: String) -> SpotifyUserSession {
        SpotifyUserSession(credentials: SpotifyCredentials(clientID: fake.state.clientID, clientSecret: nil),
                           endpoints: fake.endpoints, http: quickHTTP, store: TokenStore(path: dir + "/sub/token.json"))
    }

    @Test("sign-in: the fake checks the code challenge, the token file is 0600, the playlist is created and filled")
    func roundTrip() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await withFake { fake in
            let session = makeSession(fake, dir: dir)
            let token = try await session.signIn(port: 0, timeoutSeconds: 300) { url in try await followInBrowser(url) }
            #expect(await fake.state.checkedChallenges.count == 1)
            #expect(token.refreshToken != nil)
            let attributes = try FileManager.default.attributesOfItem(atPath: session.store.path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            #expect(try session.store.load() == token)

            let ids = (1...140).map(trackID)
            let created = try await session.writer.createPlaylist(name: "moodmusic: sad", description: "test", trackIDs: ids)
            #expect(created.url == "https://open.spotify.com/playlist/\(created.id)")
            let stored = try #require(await fake.state.created[created.id])
            #expect(stored.name == "moodmusic: sad" && !stored.isPublic && stored.ownerID == fake.state.userID)
            #expect(stored.uris == ids.map { "spotify:track:\($0)" })
            #expect(await fake.state.requests(matching: "POST /v1/playlists/\(created.id)/items").count == 2)
        }
    }

    @Test("a code exchanged with another verifier is refused")
    func wrongVerifier() async throws {
        try await withFake { fake in
            let flow = AuthorizationCodeFlow(clientID: fake.state.clientID, redirectURI: "http://127.0.0.1:1/callback")
            let authorize = try #require(URLComponents(string: flow.authorizeURL(endpoints: fake.endpoints)))
            // Ask the fake for a code the way a browser would, without following the redirect.
            let code = try await codeFromAuthorize(authorize.string!)
            let impostor = AuthorizationCodeFlow(clientID: flow.clientID, redirectURI: flow.redirectURI, pkce: .random(), state: flow.state)
            await #expect(throws: SpotifyError.self) {
                try await TokenEndpoint(endpoints: fake.endpoints, http: quickHTTP).exchange(code: code, flow: impostor)
            }
            #expect(await fake.state.checkedChallenges.isEmpty)
        }
    }

    @Test("a token about to expire is refreshed before use and saved again")
    func refresh() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await withFake { fake in
            await fake.state.setTokenLifetime(30)  // inside the 60 s refresh margin: every use refreshes first
            let session = makeSession(fake, dir: dir)
            let first = try await session.signIn(port: 0, timeoutSeconds: 300) { url in try await followInBrowser(url) }
            let user = try await session.writer.me()
            #expect(user.id == fake.state.userID)
            #expect(await fake.state.refreshGrants == 1)
            let saved = try #require(try session.store.load())
            #expect(saved.accessToken != first.accessToken && saved.refreshToken != first.refreshToken)
            // The fake revoked the first token on refresh: it would be refused now.
            #expect(await fake.state.requests(matching: "GET /v1/me").count == 1)
        }
    }

    @Test("signed out: the writer says to log in; a denied sign-in is an error")
    func notSignedIn() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await withFake { fake in
            let session = makeSession(fake, dir: dir)
            await #expect(throws: SpotifyError.notSignedIn("not signed in to Spotify; run `mmctl spotify login` first")) {
                try await session.writer.me()
            }
            await #expect(throws: SpotifyError.self) {
                try await session.signIn(port: 0, timeoutSeconds: 30) { url in
                    // The user pressed "Cancel": Spotify redirects with error=access_denied.
                    let components = try #require(URLComponents(string: url))
                    let query = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
                    try await followInBrowser("\(query["redirect_uri"]!)?error=access_denied&state=\(query["state"]!)")
                }
            }
            let stored = try session.store.load()
            #expect(stored == nil)
        }
    }
}

/// GETs the fake's authorize URL and reads the code out of its redirect, without following it.
func codeFromAuthorize(_ url: String) async throws -> String {
    var configuration = HTTPClient.Configuration()
    configuration.redirectConfiguration = .disallow
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    let location: String?
    do {
        location = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10)).headers.first(name: "Location")
        try await client.shutdown()
    } catch {
        try? await client.shutdown()
        throw error
    }
    let redirect = try #require(location)
    let query = try #require(URLComponents(string: redirect)?.queryItems)
    return try #require(query.first { $0.name == "code" }?.value)
}

import AsyncHTTPClient
