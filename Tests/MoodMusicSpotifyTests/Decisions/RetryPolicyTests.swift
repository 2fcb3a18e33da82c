import MoodMusicSpotify
import Testing

@Suite("Retry policy")
struct RetryPolicyTests {
    let policy = RetryPolicy(maxServerRetries: 3, maxRateLimitRetries: 2, firstBackoffSeconds: 0.5, maxBackoffSeconds: 1.5, maxRetryAfterSeconds: 30)

    @Test("429 waits for Retry-After, 1 s without one, a bounded number of times")
    func rateLimit() {
        var attempts = RetryPolicy.Attempts()
        #expect(policy.afterRateLimit(retryAfter: "3", attempts: &attempts, what: "x") == .wait(seconds: 3))
        #expect(policy.afterRateLimit(retryAfter: nil, attempts: &attempts, what: "x") == .wait(seconds: 1))
        guard case .giveUp(.gaveUp(let message)) = policy.afterRateLimit(retryAfter: "1", attempts: &attempts, what: "playlist p") else {
            Issue.record("a third 429 was retried"); return
        }
        #expect(message.contains("429") && message.contains("playlist p"))
    }

    @Test("a Retry-After beyond the cap fails instead of hanging")
    func longRetryAfter() {
        var attempts = RetryPolicy.Attempts()
        guard case .giveUp(.gaveUp(let message)) = policy.afterRateLimit(retryAfter: "86400", attempts: &attempts, what: "x") else {
            Issue.record("waited a day"); return
        }
        #expect(message.contains("86400"))
    }

    @Test("Retry-After parsing", arguments: [("5", 5.0), (" 2 ", 2.0), ("0", 0.0)] as [(String, Double)])
    func parse(header: String, seconds: Double) { #expect(RetryPolicy.parseRetryAfter(header) == seconds) }

    @Test("garbage Retry-After is ignored", arguments: ["-3", "soon", "", "nan", "inf", "Wed, 21 Oct 2015 07:28:00 GMT"])
    func parseGarbage(header: String) { #expect(RetryPolicy.parseRetryAfter(header) == nil) }

    @Test("5xx backs off doubling up to the cap, then gives up")
    func serverErrors() {
        var attempts = RetryPolicy.Attempts()
        #expect(policy.afterServerError(status: 503, attempts: &attempts, what: "x", detail: "") == .wait(seconds: 0.5))
        #expect(policy.afterServerError(status: 500, attempts: &attempts, what: "x", detail: "") == .wait(seconds: 1.0))
        #expect(policy.afterServerError(status: 502, attempts: &attempts, what: "x", detail: "") == .wait(seconds: 1.5))
        guard case .giveUp(.gaveUp(let message)) = policy.afterServerError(status: 503, attempts: &attempts, what: "x", detail: "") else {
            Issue.record("a fourth 5xx was retried"); return
        }
        #expect(message.contains("503") && message.contains("4 times"))
    }

    @Test("a connection that never opens ends as unreachable, naming the variables")
    func unreachable() {
        var attempts = RetryPolicy.Attempts()
        for _ in 0..<3 { _ = policy.afterServerError(status: nil, attempts: &attempts, what: "x", detail: "refused") }
        guard case .giveUp(.unreachable(let message)) = policy.afterServerError(status: nil, attempts: &attempts, what: "x", detail: "refused") else {
            Issue.record("not unreachable"); return
        }
        #expect(message.contains("MOODMUSIC_SPOTIFY_API_URL") && message.contains("refused"))
    }
}
