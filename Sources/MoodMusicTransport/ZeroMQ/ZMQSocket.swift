import CZMQ
#if canImport(Glibc)
import Glibc
#endif

/// One libzmq socket. Not thread-safe: create, use and close it on one thread.
///
/// Lifecycle: `init`, `bind`/`connect`, send and receive, then `close()` exactly once
/// (nothing is left to `deinit`).
public final class ZMQSocket: MessageSocket {
    public enum Kind: Int32, Sendable {
        case pair = 0, pub = 1, sub = 2, req = 3, rep = 4, dealer = 5, router = 6, pull = 7, push = 8
    }

    let raw: UnsafeMutableRawPointer
    public let kind: Kind

    public init(context: ZMQContext, kind: Kind) throws {
        guard let s = zmq_socket(context.raw, kind.rawValue) else { throw ZMQError("zmq_socket") }
        raw = s
        self.kind = kind
        try setOption(ZMQ_LINGER, Int32(0))
    }

    public func bind(_ endpoint: String) throws {
        guard zmq_bind(raw, endpoint) == 0 else { throw ZMQError("bind \(endpoint)") }
    }

    public func connect(_ endpoint: String) throws {
        guard zmq_connect(raw, endpoint) == 0 else { throw ZMQError("connect \(endpoint)") }
    }

    /// The endpoint actually bound (resolves `tcp://127.0.0.1:*` to the chosen port).
    public func lastEndpoint() throws -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        var size = buffer.count
        guard zmq_getsockopt(raw, ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else { throw ZMQError("getsockopt LAST_ENDPOINT") }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public func setOption(_ option: Int32, _ value: Int32) throws {
        var v = value
        guard zmq_setsockopt(raw, option, &v, MemoryLayout<Int32>.size) == 0 else { throw ZMQError("setsockopt \(option)") }
    }

    public func setOption(_ option: Int32, _ value: Int64) throws {
        var v = value
        guard zmq_setsockopt(raw, option, &v, MemoryLayout<Int64>.size) == 0 else { throw ZMQError("setsockopt \(option)") }
    }

    public func setOption(_ option: Int32, bytes: [UInt8]) throws {
        let rc = bytes.withUnsafeBytes { zmq_setsockopt(raw, option, $0.baseAddress, bytes.count) }
        guard rc == 0 else { throw ZMQError("setsockopt \(option)") }
    }

    /// Messages larger than this are refused by libzmq (the peer is disconnected).
    public func setMaxMessageSize(_ bytes: Int64) throws { try setOption(ZMQ_MAXMSGSIZE, bytes) }

    /// How many messages may queue in each direction before sends block or drop.
    public func setHighWaterMarks(_ messages: Int32) throws {
        try setOption(ZMQ_SNDHWM, messages)
        try setOption(ZMQ_RCVHWM, messages)
    }

    /// The identity a ROUTER peer sees for this socket.
    public func setRoutingID(_ id: [UInt8]) throws { try setOption(ZMQ_ROUTING_ID, bytes: id) }

    /// Sends a multipart message. Returns false when `dontWait` is set and the send would block.
    @discardableResult
    public func send(_ frames: [[UInt8]], dontWait: Bool) throws -> Bool {
        for (i, frame) in frames.enumerated() {
            var flags: Int32 = i < frames.count - 1 ? ZMQ_SNDMORE : 0
            if dontWait { flags |= ZMQ_DONTWAIT }
            while true {
                let rc = frame.withUnsafeBytes { zmq_send(raw, $0.baseAddress, frame.count, flags) }
                if rc >= 0 { break }
                let error = ZMQError("send")
                // A signal interrupted this frame before it was queued: send the same frame again.
                if error.isInterrupted { continue }
                if error.isWouldBlock && i == 0 { return false }
                throw error
            }
        }
        return true
    }

    /// Receives one whole multipart message; nil when `dontWait` is set and nothing is queued.
    public func receive(dontWait: Bool = false) throws -> [[UInt8]]? {
        var frames: [[UInt8]] = []
        return try receive(into: &frames, dontWait: dontWait) ? frames : nil
    }

    /// Replaces `frames` with the next whole message, reusing its storage; false when `dontWait` is set and nothing
    /// is queued.
    public func receive(into frames: inout [[UInt8]], dontWait: Bool) throws -> Bool {
        frames.removeAll(keepingCapacity: true)
        var msg = zmq_msg_t()
        while true {
            zmq_msg_init(&msg)
            var rc: Int32
            repeat {
                rc = zmq_msg_recv(&msg, raw, (dontWait && frames.isEmpty) ? ZMQ_DONTWAIT : 0)
            } while rc < 0 && zmq_errno() == EINTR
            if rc < 0 {
                let error = ZMQError("receive")
                zmq_msg_close(&msg)
                if error.isWouldBlock && frames.isEmpty { return false }
                throw error
            }
            frames.append(frame(at: frames.count, zmq_msg_data(&msg), zmq_msg_size(&msg)))
            let more = zmq_msg_more(&msg) != 0
            zmq_msg_close(&msg)
            if !more { return true }
        }
    }

    /// The short frame last received at each position of a message. Peer identities, protocol ids and method paths
    /// repeat from message to message: an equal frame shares the array instead of allocating one.
    private var recentShortFrames: [[UInt8]] = Array(repeating: [], count: 6)
    private static let shortFrameBytes = 64

    private func frame(at position: Int, _ data: UnsafeMutableRawPointer?, _ size: Int) -> [UInt8] {
        guard size > 0, let data else { return [] }  // delimiters and empty frames: no allocation
        func copy() -> [UInt8] {
            [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                buffer.baseAddress!.initialize(from: data.assumingMemoryBound(to: UInt8.self), count: size)
                count = size
            }
        }
        guard size <= Self.shortFrameBytes, position < recentShortFrames.count else { return copy() }
        let seen = recentShortFrames[position].withUnsafeBytes { $0.count == size && memcmp($0.baseAddress!, data, size) == 0 }
        if seen { return recentShortFrames[position] }
        let frame = copy()
        recentShortFrames[position] = frame
        return frame
    }

    public func receive(into frames: inout [[UInt8]]) throws -> Bool { try receive(into: &frames, dontWait: true) }

    public func receive() throws -> [[UInt8]]? { try receive(dontWait: true) }

    public func send(_ frames: [[UInt8]]) throws { try send(frames, dontWait: false) }

    public func boundEndpoint() throws -> String { try lastEndpoint() }

    public func close() {
        zmq_close(raw)
    }
}
