/// What to do after one HTTP attempt: pure, so every branch is unit-tested without a server.
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after a 5xx or a refused connection, each waiting twice as long as the last.
    public var maxServerRetries: Int
    /// Retries after a 429; each waits what Retry-After says (capped at `maxRetryAfterSeconds`).
    public var maxRateLimitRetries: Int
    public var firstBackoffSeconds: Double
    public var maxBackoffSeconds: Double
    /// A Retry-After longer than this is not waited for: the call fails instead.
    public var maxRetryAfterSeconds: Double

    public init(maxServerRetries: Int = 3, maxRateLimitRetries: Int = 5, firstBackoffSeconds: Double = 0.25,
                maxBackoffSeconds: Double = 4, maxRetryAfterSeconds: Double = 30) {
        self.maxServerRetries = maxServerRetries
        self.maxRateLimitRetries = maxRateLimitRetries
        self.firstBackoffSeconds = firstBackoffSeconds
        self.maxBackoffSeconds = maxBackoffSeconds
        self.maxRetryAfterSeconds = maxRetryAfterSeconds
    }

    public enum Outcome: Sendable, Equatable {
        case wait(seconds: Double)
        case giveUp(SpotifyError)
    }

    /// Counts of the retries already made for one call.
    public struct Attempts: Sendable, Equatable {
        public var server = 0
        public var rateLimited = 0
        public init() {}
    }

    /// After a 429 with the given Retry-After header (seconds; absent means 1 s).
    public func afterRateLimit(retryAfter: String?, attempts: inout Attempts, what: String) -> Outcome {
        guard attempts.rateLimited < maxRateLimitRetries else {
            return .giveUp(.gaveUp("Spotify kept answering 429 (rate limited) to \(what) after \(maxRateLimitRetries) waits; try again later"))
        }
        attempts.rateLimited += 1
        let seconds = Self.parseRetryAfter(retryAfter) ?? 1
        guard seconds <= maxRetryAfterSeconds else {
            return .giveUp(.gaveUp("Spotify rate-limited \(what) for \(Int(seconds)) s (Retry-After), longer than the \(Int(maxRetryAfterSeconds)) s this client waits"))
        }
        return .wait(seconds: seconds)
    }

    /// After a 5xx (`status`) or, with `status` nil, a connection that could not be made.
    public func afterServerError(status: Int?, attempts: inout Attempts, what: String, detail: String) -> Outcome {
        guard attempts.server < maxServerRetries else {
            if let status {
                return .giveUp(.gaveUp("Spotify answered \(status) to \(what) \(maxServerRetries + 1) times; try again later"))
            }
            return .giveUp(.unreachable("cannot reach Spotify for \(what) (\(detail)); check the network or MOODMUSIC_SPOTIFY_API_URL / MOODMUSIC_SPOTIFY_ACCOUNTS_URL"))
        }
        let wait = min(maxBackoffSeconds, firstBackoffSeconds * Double(1 << min(attempts.server, 20)))
        attempts.server += 1
        return .wait(seconds: wait)
    }

    /// Retry-After as delta-seconds (Spotify's form). Negative or garbage is nil.
    public static func parseRetryAfter(_ header: String?) -> Double? {
        guard let header, let value = Double(header.trimmingCharacters(in: .whitespaces)), value.isFinite, value >= 0 else { return nil }
        return value
    }
}

import Foundation
