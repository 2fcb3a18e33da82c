import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP exchange with Spotify, with the retry policy applied: 429 waits for Retry-After,
/// 5xx and refused connections back off, a bounded number of times. Other statuses are returned.
public struct SpotifyHTTP: Sendable {
    public struct Reply: Sendable {
        public var status: Int
        public var body: [UInt8]
        public var headers: HTTPHeaders
    }

    /// Bodies larger than this are refused: a playlist page with 100 items is far smaller.
    public static let maxBodyBytes = 8 << 20

    let client: HTTPClient
    public let policy: RetryPolicy
    public let timeoutSeconds: Int64

    /// The process's client for Spotify: it does not retry refused connections itself (the
    /// policy does, a bounded number of times), and gives up connecting after 5 s. Never shut down.
    public static let defaultClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    public init(client: HTTPClient = SpotifyHTTP.defaultClient, policy: RetryPolicy = RetryPolicy(), timeoutSeconds: Int64 = 20) {
        self.client = client
        self.policy = policy
        self.timeoutSeconds = timeoutSeconds
    }

    /// Sends the request, retrying as the policy says. `what` names the call in error messages.
    public func send(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
                     what: String) async throws(SpotifyError) -> Reply {
        var attempts = RetryPolicy.Attempts()
        while true {
            var request = HTTPClientRequest(url: url)
            request.method = method
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
            let outcome: RetryPolicy.Outcome
            do {
                let response = try await client.execute(request, timeout: .seconds(timeoutSeconds))
                let status = Int(response.status.code)
                if status == 429 {
                    outcome = policy.afterRateLimit(retryAfter: response.headers.first(name: "Retry-After"), attempts: &attempts, what: what)
                } else if status >= 500 {
                    outcome = policy.afterServerError(status: status, attempts: &attempts, what: what, detail: "HTTP \(status)")
                } else {
                    var buffer = try await response.body.collect(upTo: Self.maxBodyBytes)
                    return Reply(status: status, body: buffer.readBytes(length: buffer.readableBytes) ?? [], headers: response.headers)
                }
            } catch let error as SpotifyError {
                throw error
            } catch is CancellationError {
                throw .unreachable("\(what) was cancelled")
            } catch {
                outcome = policy.afterServerError(status: nil, attempts: &attempts, what: what, detail: Self.describe(error))
            }
            switch outcome {
            case .giveUp(let error): throw error
            case .wait(let seconds):
                do { try await Task.sleep(nanoseconds: UInt64(seconds * 1e9)) } catch { throw .unreachable("\(what) was cancelled") }
            }
        }
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }

    /// The message in a Web API error body ({"error": {"status", "message"}}) or an accounts one
    /// ({"error": "...", "error_description": "..."}), else nil.
    public static func errorMessage(_ body: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return String(message.prefix(300)) }
        if let error = object["error"] as? String {
            let description = object["error_description"] as? String
            return String((description.map { "\(error): \($0)" } ?? error).prefix(300))
        }
        return nil
    }

    /// Decodes a JSON body or says which call answered garbage.
    public static func decode<T: Decodable>(_ type: T.Type, _ reply: Reply, what: String) throws(SpotifyError) -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(reply.body)) } catch {
            throw .badResponse("Spotify's answer to \(what) is not the JSON expected (\(describe(error)))")
        }
    }
}
