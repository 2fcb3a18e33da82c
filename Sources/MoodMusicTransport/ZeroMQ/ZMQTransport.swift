import CZMQ

/// `MessageTransport` over libzmq. Owns one context; `close()` terminates it after every socket
/// made from it is closed.
public final class ZMQTransport: MessageTransport, @unchecked Sendable {
    public let context: ZMQContext
    private let ownsContext: Bool
    private var authenticator: ZAPAuthenticator?
    private var acceptMonitors: [ZMQAcceptMonitor] = []

    public init(ioThreads: Int32 = 1) {
        context = ZMQContext(ioThreads: ioThreads)
        ownsContext = true
    }

    /// Makes sockets from a context someone else owns (and terminates).
    public init(sharing context: ZMQContext) {
        self.context = context
        ownsContext = false
    }

    public func router(binding endpoint: String, options: SocketOptions) throws -> any MessageSocket {
        let socket = try ZMQSocket(context: context, kind: .router)
        try configure(socket, options)
        try socket.bind(endpoint)
        return socket
    }

    public func dealer(connectingTo endpoint: String, options: SocketOptions) throws -> any MessageSocket {
        let socket = try ZMQSocket(context: context, kind: .dealer)
        try configure(socket, options)
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

    /// Starts answering ZAP requests for this context's CURVE server sockets: call before
    /// binding them. Stopped by `close()`.
    public func startAuthenticator(_ policy: ZAPPolicy) throws {
        authenticator = try ZAPAuthenticator(context: context, policy: policy)
    }

    public func watchAcceptFailures(on socket: any MessageSocket, report: @escaping @Sendable (AcceptFailure) -> Void) throws {
        acceptMonitors.append(try ZMQAcceptMonitor(context: context, socket: socket as! ZMQSocket, report: report))
    }

    /// Stops the authenticator and accept monitors, then terminates the context if this transport made it; every
    /// socket must be closed first.
    public func close() {
        authenticator?.stop()
        acceptMonitors.forEach { $0.stop() }
        if ownsContext { context.terminate() }
    }

    private func configure(_ socket: ZMQSocket, _ options: SocketOptions) throws {
        try socket.setHighWaterMarks(options.queuedMessages)
        if let bytes = options.maxMessageBytes { try socket.setMaxMessageSize(Int64(bytes)) }
        func key(_ z85: String) -> [UInt8] { Array(z85.utf8) + [0] }
        switch options.security {
        case .none:
            break
        case .curveServer(let keys, let domain):
            try socket.setOption(ZMQ_CURVE_SERVER, Int32(1))
            try socket.setOption(ZMQ_CURVE_SECRETKEY, bytes: key(keys.secretKey))
            try socket.setOption(ZMQ_ZAP_DOMAIN, bytes: Array(domain.utf8))
        case .curveClient(let keys, let serverPublicKey):
            try socket.setOption(ZMQ_CURVE_SERVERKEY, bytes: key(serverPublicKey))
            try socket.setOption(ZMQ_CURVE_PUBLICKEY, bytes: key(keys.publicKey))
            try socket.setOption(ZMQ_CURVE_SECRETKEY, bytes: key(keys.secretKey))
        }
    }
}
