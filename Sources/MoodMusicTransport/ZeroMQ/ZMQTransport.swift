import CZMQ

/// `MessageTransport` over libzmq. Owns one context; `close()` terminates it after every socket
/// made from it is closed.
public final class ZMQTransport: MessageTransport, @unchecked Sendable {
    public let context: ZMQContext
    private let ownsContext: Bool

    public init(ioThreads: Int32 = 1) {
        context = ZMQContext(ioThreads: ioThreads)
        ownsContext = true
    }

    /// Makes sockets from a context someone else owns (and terminates).
    public init(sharing context: ZMQContext) {
        self.context = context
        ownsContext = false
    }

    public func router(binding endpoint: String, limits: SocketLimits) throws -> any MessageSocket {
        let socket = try ZMQSocket(context: context, kind: .router)
        try configure(socket, limits)
        try socket.bind(endpoint)
        return socket
    }

    public func dealer(connectingTo endpoint: String, limits: SocketLimits) throws -> any MessageSocket {
        let socket = try ZMQSocket(context: context, kind: .dealer)
        try configure(socket, limits)
        try socket.connect(endpoint)
        return socket
    }

    public func pull(binding endpoint: String) throws -> any MessageSocket {
        let socket = try ZMQSocket(context: context, kind: .pull)
        try socket.bind(endpoint)
        return socket
    }

    public func push(connectingTo endpoint: String) throws -> any MessageSocket {
        let socket = try ZMQSocket(context: context, kind: .push)
        try socket.connect(endpoint)
        return socket
    }

    public func wait(for sockets: [any MessageSocket], timeoutMs: Int) throws -> [Bool] {
        var poller = ZMQPoller(sockets.map { $0 as! ZMQSocket })
        return try poller.poll(timeoutMs: timeoutMs)
    }

    /// Terminates the context if this transport made it; every socket must be closed first.
    public func close() { if ownsContext { context.terminate() } }

    private func configure(_ socket: ZMQSocket, _ limits: SocketLimits) throws {
        try socket.setHighWaterMarks(limits.queuedMessages)
        if let bytes = limits.maxMessageBytes { try socket.setMaxMessageSize(Int64(bytes)) }
    }
}
