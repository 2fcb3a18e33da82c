import AsyncHTTPClient
import Foundation
import MoodMusicSpotify
import MoodMusicTesting

/// Quick retries, so the retry tests do not dawdle (Retry-After is still honoured as sent), and a long timeout: the
/// whole suite shares two cooperative threads, so the fake's handler can wait tens of seconds to run. With the
/// default 20 s the client gave up on a token refresh the fake then served, resent it, and the fake refused the
/// rotated refresh token (invalid_grant), once in a CI run.
let quickHTTP = SpotifyHTTP(policy: RetryPolicy(maxServerRetries: 2, maxRateLimitRetries: 3, firstBackoffSeconds: 0.01, maxBackoffSeconds: 0.05),
                            timeoutSeconds: 300)

/// Runs `body` with a fresh fake on its own port, and stops the fake afterwards.
func withFake(_ body: (FakeSpotify) async throws -> Void) async throws {
    let fake = try await FakeSpotify.start()
    do {
        try await body(fake)
        await fake.stop()
    } catch {
        await fake.stop()
        throw error
    }
}

func reader(_ fake: FakeSpotify, secret: String? = nil) -> SpotifyPlaylistReader {
    let credentials = SpotifyCredentials(clientID: fake.state.clientID, clientSecret: secret ?? fake.state.clientSecret)
    return SpotifyPlaylistReader(endpoints: fake.endpoints, http: quickHTTP,
                                 tokens: AppTokenCache(credentials: credentials, endpoint: TokenEndpoint(endpoints: fake.endpoints, http: quickHTTP)))
}

/// Catalog-style ids: 22 base-62 characters, distinct per n.
func trackID(_ n: Int) -> String {
    let digits = String(n)
    return "T" + String(repeating: "0", count: 21 - digits.count) + digits
}

/// Plays the browser: opens the authorize URL and follows the redirect to the loopback listener.
func followInBrowser(_ url: String) async throws {
    var request = HTTPClientRequest(url: url)
    request.method = .GET
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
    guard response.status.code == 200 else { throw BrowserError(message: "browser saw \(response.status.code)") }
}

struct BrowserError: Error { let message: String }

func temporaryDirectory() throws -> String {
    let dir = NSTemporaryDirectory() + "mm-spotify-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}
