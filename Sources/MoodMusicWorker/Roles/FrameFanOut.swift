import MoodMusicClient
import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicVideo
import MoodMusicWire
import SwiftProtobuf

/// Sends sampled frames to DetectEmotions through the gateway, keeping up to `window` in flight
/// on one connection; the gateway spreads them over every emotion worker (least recently used
/// first), so a long clip uses the whole pool. Not thread-safe: one per video call.
///
/// Lifecycle: `init` connects; `submit` and `finish`; `close()` exactly once.
final class FrameFanOut {
    private let transport: ZMQTransport
    private let connection: GatewayConnection
    private let window: Int
    private let deadlineMs: Int64
    private let options: Moodmusic_V1_DetectionOptions?
    /// Sent with every frame: the gateway's progress token for this video call, if it gave one.
    private let metadata: [String: String]
    private var pending: [UInt64: Double] = [:]
    private var nextRequestID: UInt64 = 1
    private(set) var scored: [ScoredFrame] = []

    init(frontend: String, security: SocketSecurity, window: Int, deadlineMs: Int64, options: Moodmusic_V1_DetectionOptions?,
         metadata: [String: String] = [:]) throws(RPCError) {
        transport = ZMQTransport()
        do {
            connection = try GatewayConnection(endpoint: frontend, transport: transport, security: security)
        } catch {
            transport.close()
            throw .unavailable("the video worker cannot reach the gateway at \(frontend): \(error)")
        }
        self.window = max(1, window)
        self.deadlineMs = deadlineMs
        self.options = options
        self.metadata = metadata
    }

    func close() {
        connection.close()
        transport.close()
    }

    /// Sends one frame's JPEG, first waiting for an answer when the window is full.
    func submit(jpeg: [UInt8], time: Double) throws(RPCError) {
        while pending.count >= window { try receiveOne() }
        var request = Moodmusic_V1_DetectEmotionsRequest()
        request.image = .init(jpeg)
        if let options { request.options = options }
        let id = nextRequestID
        nextRequestID += 1
        pending[id] = time
        try send(Contract.detectEmotions, request, requestID: id)
    }

    /// Waits for every frame still in flight.
    func finish() throws(RPCError) {
        while !pending.isEmpty { try receiveOne() }
    }

    /// One more call on the same connection (RecommendForVideo's Recommend), after `finish`.
    func call<Response: SwiftProtobuf.Message>(_ method: MethodDescriptor, _ request: some SwiftProtobuf.Message) throws(RPCError) -> Response {
        let id = nextRequestID
        nextRequestID += 1
        try send(method, request, requestID: id)
        while true {
            let response = try receive()
            guard response.header.requestID == id else { continue }
            guard response.header.code == .ok else { throw RPCError(response.header.code, "\(method.method): \(response.header.message)") }
            do { return try Response(serializedBytes: response.payload) } catch {
                throw .internalError("the gateway answered \(method.path) with an unreadable \(Response.protoMessageName)")
            }
        }
    }

    private func send(_ method: MethodDescriptor, _ request: some SwiftProtobuf.Message, requestID: UInt64) throws(RPCError) {
        let left = deadlineMs - MonotonicClock.nowMs()
        guard left > 0 else { throw RPCError(.deadlineExceeded, "deadline passed while the video's frames were analysed") }
        do {
            try connection.send(method: method, payload: try request.serializedBytes(), requestID: requestID,
                                timeoutMs: UInt32(clamping: left), waitForReady: false, metadata: metadata)
        } catch {
            throw .unavailable("the video worker cannot send to the gateway: \(error)")
        }
    }

    private func receive() throws(RPCError) -> ClientEnvelope.Response {
        // The gateway answers each call by its deadline; the grace covers a gateway that went away.
        let left = deadlineMs - MonotonicClock.nowMs() + 1000
        let response: ClientEnvelope.Response?
        do { response = try connection.receive(timeoutMs: Int(max(1, left))) } catch {
            throw .unavailable("the video worker lost the gateway: \(error)")
        }
        guard let response else { throw RPCError(.deadlineExceeded, "no answer from the emotion workers before the deadline") }
        return response
    }

    private func receiveOne() throws(RPCError) {
        let response = try receive()
        guard let time = pending.removeValue(forKey: response.header.requestID) else { return }
        guard response.header.code == .ok else {
            throw RPCError(response.header.code, "DetectEmotions for the frame at \(time) s: \(response.header.message)")
        }
        guard let detected = try? Moodmusic_V1_DetectEmotionsResponse(serializedBytes: response.payload) else {
            throw .internalError("an emotion worker sent an unreadable DetectEmotionsResponse")
        }
        scored.append(ScoredFrame(time: time, detected: detected))
    }
}
