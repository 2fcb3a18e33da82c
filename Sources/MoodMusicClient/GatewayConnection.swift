import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire

/// One DEALER connection to the gateway's frontend, with any number of calls in flight.
/// Not thread-safe: use it from one thread (make one connection per thread).
///
/// Lifecycle: `init` connects, `send`/`receive` as needed, `close()` exactly once.
public final class GatewayConnection {
    public let endpoint: String
    private let transport: any MessageTransport
    private let socket: any MessageSocket

    public init(endpoint: String, transport: any MessageTransport, security: SocketSecurity = .none) throws {
        self.endpoint = endpoint
        self.transport = transport
        socket = try transport.dealer(connectingTo: endpoint, options: SocketOptions(security: security))
    }

    public convenience init(endpoint: String, context: ZMQContext) throws {
        try self.init(endpoint: endpoint, transport: ZMQTransport(sharing: context))
    }

    /// Queues one request. The reply carries the same `requestID`.
    public func send(method: MethodDescriptor, payload: [UInt8], requestID: UInt64, timeoutMs: UInt32 = 0,
                     waitForReady: Bool = false, metadata: [String: String] = [:]) throws {
        var header = Moodmusic_V1_RequestHeader()
        header.requestID = requestID
        header.timeoutMs = timeoutMs
        header.waitForReady = waitForReady
        header.metadata = metadata
        try socket.send(ClientEnvelope.encode(.init(method: method.path, header: header, payload: payload)))
    }

    /// Sends frames exactly as given (for tests of malformed input).
    public func sendRaw(_ frames: [[UInt8]]) throws {
        try socket.send(frames)
    }

    /// Waits up to `timeoutMs` for the next response; nil on time-out.
    public func receive(timeoutMs: Int) throws -> ClientEnvelope.Response? {
        guard let frames = try receiveRaw(timeoutMs: timeoutMs) else { return nil }
        switch ClientEnvelope.decodeResponse(frames) {
        case .success(let response): return response
        case .failure(let error): throw error
        }
    }

    /// Waits up to `timeoutMs` for the next message, as raw frames.
    public func receiveRaw(timeoutMs: Int) throws -> [[UInt8]]? {
        if let frames = try socket.receive() { return frames }
        guard try transport.wait(for: [socket], timeoutMs: timeoutMs)[0] else { return nil }
        return try socket.receive()
    }

    public func close() {
        socket.close()
    }
}
