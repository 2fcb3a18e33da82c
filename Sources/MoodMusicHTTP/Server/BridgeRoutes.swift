import HTTPTypes
import Hummingbird
import MoodMusicProtos
import MoodMusicWire
import SwiftProtobuf

/// The API routes: each collects the body (capped), decodes it with `BridgeRequests`, makes one
/// gateway call through the pool with the request's deadline and trace, and answers JSON.
struct BridgeRoutes: Sendable {
    let pool: ClientPool
    let configuration: BridgeConfiguration

    func add(to router: Router<BasicRequestContext>) {
        router.post("/v1/emotions:detect") { request, _ in
            let (contentType, body) = try await collect(request)
            let call = try BridgeRequests.detect(contentType: contentType, body: body)
            return try await forward(Contract.detectEmotions, call, as: Moodmusic_V1_DetectEmotionsResponse.self, request)
        }
        router.post("/v1/recommendations") { request, _ in
            let (contentType, body) = try await collect(request)
            let call = try BridgeRequests.recommend(contentType: contentType, body: body)
            return try await forward(Contract.recommend, call, as: Moodmusic_V1_RecommendResponse.self, request)
        }
        router.post("/v1/recommendations:forImage") { request, _ in
            let (contentType, body) = try await collect(request)
            let call = try BridgeRequests.recommendForImage(contentType: contentType, body: body)
            return try await forward(Contract.recommendForImage, call, as: Moodmusic_V1_RecommendForImageResponse.self, request)
        }
        router.get("/v1/health") { request, _ in
            var call = Moodmusic_V1_HealthCheckRequest()
            call.service = request.uri.queryParameters.get("service") ?? ""
            let (timeout, metadata) = try callSettings(request)
            let health = try await pool.call(Contract.healthCheck, call, as: Moodmusic_V1_HealthCheckResponse.self, timeoutMs: timeout, metadata: metadata)
            // 503 when not SERVING, so that load balancers and probes can use the status alone.
            return try json(health, status: health.status == .serving ? .ok : .serviceUnavailable)
        }
    }

    private func collect(_ request: Request) async throws -> (String?, [UInt8]) {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: configuration.maximumBodyBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw RPCError(.resourceExhausted, "the body is larger than the bridge's limit of \(configuration.maximumBodyBytes) bytes")
        }
        return (request.headers[.contentType], Array(buffer.readableBytesView))
    }

    private func callSettings(_ request: Request) throws(RPCError) -> (UInt32, [String: String]) {
        let timeout = try configuration.deadline.resolve(
            header: request.headers[HTTPField.Name("grpc-timeout")!], query: request.uri.queryParameters.get("timeout"))
        var generator = SystemRandomNumberGenerator()
        let incoming = request.headers[HTTPField.Name("traceparent")!].flatMap(TraceParent.init(header:))
        let trace = incoming?.child(using: &generator) ?? TraceParent.start(using: &generator)
        return (timeout, ["traceparent": trace.description])
    }

    private func forward<Response: SwiftProtobuf.Message>(
        _ method: MethodDescriptor, _ call: some SwiftProtobuf.Message, as type: Response.Type, _ request: Request
    ) async throws -> Hummingbird.Response {
        var (timeout, metadata) = try callSettings(request)
        guard configuration.spans.isRecording else {
            let answer = try await pool.call(method, call, as: type, timeoutMs: timeout, metadata: metadata)
            var response = try json(answer, status: .ok)
            response.headers[HTTPField.Name("traceparent")!] = metadata["traceparent"]
            return response
        }
        // Recording: this hop's span is the parent of the gateway's, and its id is what goes on.
        let span = BridgeSpan(sink: configuration.spans, name: "\(request.method) \(request.uri.path)",
                              incoming: request.headers[HTTPField.Name("traceparent")!].flatMap(TraceParent.init(header:)))
        metadata[TraceParent.metadataKey] = span.context.description
        do {
            let answer = try await pool.call(method, call, as: type, timeoutMs: timeout, metadata: metadata)
            var response = try json(answer, status: .ok)
            response.headers[HTTPField.Name("traceparent")!] = span.context.description
            span.end(error: nil)
            return response
        } catch {
            span.end(error: "\(error)")
            throw error
        }
    }

    private func json(_ message: some SwiftProtobuf.Message, status: HTTPResponse.Status) throws(RPCError) -> Hummingbird.Response {
        let bytes = try BridgeJSON.encode(message)
        return Hummingbird.Response(status: status, headers: [.contentType: "application/json"],
                                    body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
