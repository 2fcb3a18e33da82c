import Foundation
import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire
import SwiftProtobuf

/// A blocking client for the whole contract: one call at a time, typed messages in and out,
/// failures thrown as `RPCError` with the gateway's status code and message.
///
/// Not thread-safe; create one per thread. Lifecycle: `init`, calls, `close()` exactly once.
public final class MoodMusicClient {
    public let gateway: String
    /// Deadline for calls that pass none, in ms.
    public var defaultTimeoutMs: UInt32
    /// Whether calls that do not say wait in the gateway's queue for a worker to join.
    public var defaultWaitForReady = false
    private let transport: any MessageTransport
    private let ownedTransport: ZMQTransport?
    let connection: GatewayConnection
    var nextRequestID: UInt64 = 1

    /// Connects over ZeroMQ (sharing `context` when given), or over `transport` (for example an
    /// in-process cluster's).
    public init(gateway: String, defaultTimeoutMs: UInt32 = 30_000, context: ZMQContext? = nil,
                transport: (any MessageTransport)? = nil, security: SocketSecurity = .none) throws {
        self.gateway = gateway
        self.defaultTimeoutMs = defaultTimeoutMs
        if let transport {
            self.transport = transport
            ownedTransport = nil
        } else {
            let zmq = context.map { ZMQTransport(sharing: $0) } ?? ZMQTransport()
            self.transport = zmq
            ownedTransport = zmq
        }
        connection = try GatewayConnection(endpoint: gateway, transport: self.transport, security: security)
    }

    public func close() {
        connection.close()
        ownedTransport?.close()
    }

    /// Calls any method of the contract.
    public func call<Response: SwiftProtobuf.Message>(
        _ method: MethodDescriptor, _ request: some SwiftProtobuf.Message, as _: Response.Type = Response.self,
        timeoutMs: UInt32? = nil, waitForReady: Bool? = nil, metadata: [String: String] = [:]
    ) throws(RPCError) -> Response {
        let (header, payload) = try callRaw(method, payload: Self.encode(request), timeoutMs: timeoutMs, waitForReady: waitForReady, metadata: metadata)
        guard header.code == .ok else { throw RPCError(header.code, header.message) }
        do { return try Response(serializedBytes: payload) } catch {
            throw .internalError("the gateway answered \(method.path) with an unreadable \(Response.protoMessageName)")
        }
    }

    /// Calls a method with an already-serialized payload and returns the raw response.
    public func callRaw(_ method: MethodDescriptor, payload: [UInt8], timeoutMs: UInt32? = nil, waitForReady: Bool? = nil,
                        metadata: [String: String] = [:]) throws(RPCError) -> (Moodmusic_V1_ResponseHeader, [UInt8]) {
        let timeout = timeoutMs ?? defaultTimeoutMs
        let requestID = nextRequestID
        nextRequestID += 1
        do {
            try connection.send(method: method, payload: payload, requestID: requestID, timeoutMs: timeout, waitForReady: waitForReady ?? defaultWaitForReady, metadata: metadata)
            // The gateway answers by the deadline; the grace covers a gateway that is down.
            let giveUpAt = MonotonicClock.nowMs() + Int64(timeout) + 1000
            while true {
                let left = giveUpAt - MonotonicClock.nowMs()
                guard left > 0, let response = try connection.receive(timeoutMs: Int(left)) else {
                    throw RPCError(.deadlineExceeded, "no answer from the gateway at \(gateway) within \(timeout) ms (is it running?)")
                }
                // Answers to earlier calls that timed out on our side are skipped.
                if response.header.requestID == requestID { return (response.header, response.payload) }
            }
        } catch let error as RPCError {
            throw error
        } catch {
            throw .unavailable("cannot talk to the gateway at \(gateway): \(error)")
        }
    }

    private static func encode(_ message: some SwiftProtobuf.Message) throws(RPCError) -> [UInt8] {
        do { return try message.serializedBytes() } catch { throw .internalError("cannot encode \(type(of: message).protoMessageName)") }
    }

    // MARK: - The contract's methods

    public func echo(_ payload: [UInt8], timeoutMs: UInt32? = nil) throws(RPCError) -> Moodmusic_V1_EchoResponse {
        var request = Moodmusic_V1_EchoRequest()
        request.payload = Data(payload)
        return try call(Contract.echo, request, timeoutMs: timeoutMs)
    }

    public func health(service: String = "", timeoutMs: UInt32? = nil) throws(RPCError) -> Moodmusic_V1_HealthCheckResponse {
        var request = Moodmusic_V1_HealthCheckRequest()
        request.service = service
        return try call(Contract.healthCheck, request, timeoutMs: timeoutMs)
    }

    public func detectEmotions(image: [UInt8], options: Moodmusic_V1_DetectionOptions? = nil, timeoutMs: UInt32? = nil) throws(RPCError) -> Moodmusic_V1_DetectEmotionsResponse {
        var request = Moodmusic_V1_DetectEmotionsRequest()
        request.image = Data(image)
        if let options { request.options = options }
        return try call(Contract.detectEmotions, request, timeoutMs: timeoutMs)
    }

    public func recommend(_ request: Moodmusic_V1_RecommendRequest, timeoutMs: UInt32? = nil) throws(RPCError) -> Moodmusic_V1_RecommendResponse {
        try call(Contract.recommend, request, timeoutMs: timeoutMs)
    }

    public func recommendForImage(_ request: Moodmusic_V1_RecommendForImageRequest, timeoutMs: UInt32? = nil) throws(RPCError) -> Moodmusic_V1_RecommendForImageResponse {
        try call(Contract.recommendForImage, request, timeoutMs: timeoutMs)
    }
}
