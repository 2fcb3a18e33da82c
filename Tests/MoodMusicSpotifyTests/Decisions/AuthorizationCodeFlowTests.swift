import Foundation
import MoodMusicSpotify
import Testing

@Suite("Authorization code flow")
struct AuthorizationCodeFlowTests {
    let flow = AuthorizationCodeFlow(clientID: "abc", redirectURI: "http://127.0.0.1:8888/callback",
                                     pkce: PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), state: "s1")

    @Test("the authorize URL carries the S256 challenge, the loopback redirect and the scopes")
    func authorizeURL() throws {
        let url = try #require(URLComponents(string: flow.authorizeURL(endpoints: SpotifyEndpoints())))
        #expect(url.host == "accounts.spotify.com" && url.path == "/authorize")
        let query = Dictionary(uniqueKeysWithValues: (url.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(query["code_challenge"] == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        #expect(query["code_challenge_method"] == "S256" && query["response_type"] == "code" && query["client_id"] == "abc")
        #expect(query["redirect_uri"] == "http://127.0.0.1:8888/callback" && query["state"] == "s1")
        #expect(query["scope"] == "playlist-modify-private playlist-read-private")
    }

    @Test("the callback gives the code only with the right state")
    func judge() {
        #expect(flow.judge(requestTarget: "/callback?code=xyz&state=s1") == .code("xyz"))
        #expect(flow.judge(requestTarget: "/favicon.ico") == .ignore)
        guard case .failed = flow.judge(requestTarget: "/callback?code=xyz&state=other") else { Issue.record("wrong state accepted"); return }
        guard case .failed(let denied) = flow.judge(requestTarget: "/callback?error=access_denied&state=s1") else { Issue.record("denial"); return }
        #expect(denied.description.contains("access_denied"))
        guard case .failed = flow.judge(requestTarget: "/callback?state=s1") else { Issue.record("no code accepted"); return }
    }

    @Test("the token request sends the verifier and no secret")
    func tokenBody() {
        let form = FormBody.decode(flow.tokenRequestBody(code: "c/d+e"))
        #expect(form == ["grant_type": "authorization_code", "code": "c/d+e", "redirect_uri": "http://127.0.0.1:8888/callback",
                         "client_id": "abc", "code_verifier": "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"])
    }

    @Test("form bodies round-trip awkward characters")
    func formBody() {
        let fields = [("a b", "x&y=z"), ("ü", "100%"), ("plus", "+")]
        #expect(FormBody.decode(FormBody.encode(fields)) == ["a b": "x&y=z", "ü": "100%", "plus": "+"])
    }

    @Test("tokens are renewed a minute before they expire, and never print")
    func tokenExpiry() throws {
        let response = try JSONDecoder().decode(TokenResponse.self, from: Data(#"{"access_token": "secret-token", "token_type": "Bearer", "expires_in": 3600}"#.utf8))
        let token = SpotifyToken(response, receivedAt: 1000, previousRefreshToken: "r", clientID: "abc")
        #expect(token.expiresAt == 4600 && token.refreshToken == "r")
        #expect(!token.needsRefresh(now: 4539) && token.needsRefresh(now: 4540) && token.needsRefresh(now: 9999))
        #expect(!token.description.contains("secret-token"))
    }
}

