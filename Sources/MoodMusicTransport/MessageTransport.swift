/// One end of a connection that carries whole multipart messages. Not thread-safe: a socket is
/// made, used and closed on one thread (it is deliberately not `Sendable`).
public protocol MessageSocket: AnyObject {
    /// Sends one multipart message. On a router socket the first frame names the peer; a message
    /// for a peer that is gone is dropped.
    func send(_ frames: [[UInt8]]) throws
    /// The next whole message, or nil when none is waiting. Never blocks. On a router socket the
    /// first frame names the peer that sent it.
    func receive() throws -> [[UInt8]]?
    /// Like `receive()`, into `frames` (replacing what it held), whose storage a socket may reuse. False when
    /// none is waiting.
    func receive(into frames: inout [[UInt8]]) throws -> Bool
    /// The endpoint actually bound, with a wildcard port resolved.
    func boundEndpoint() throws -> String
    /// Releases the socket. Called exactly once, after the last send or receive.
    func close()
}

/// Makes sockets and waits on them: the seam between the gateway, worker and client code and
/// the network. `ZMQTransport` is libzmq; `InProcessTransport` is a twin for tests that keeps
/// every message inside the process.
///
/// The socket kinds follow ZeroMQ: a router binds and talks to many dealers, each named by an
/// identity frame; a dealer connects to one router; a pull socket binds and collects what push
/// sockets (one per thread) send it.
public protocol MessageTransport: Sendable {
    func router(binding endpoint: String, options: SocketOptions) throws -> any MessageSocket
    func dealer(connectingTo endpoint: String, options: SocketOptions) throws -> any MessageSocket
    func pull(binding endpoint: String) throws -> any MessageSocket
    func push(connectingTo endpoint: String) throws -> any MessageSocket
    /// Waits up to `timeoutMs` (0: just look) until one of `sockets` has a message. Returns, for
    /// each socket in order, whether it may have one. Returns early, with nothing readable, when
    /// interrupted by a signal.
    func wait(for sockets: [any MessageSocket], timeoutMs: Int) throws -> [Bool]
    /// Calls `report` (on another thread) for each connection a bound socket could not accept,
    /// which would otherwise be refused silently. Transports that never refuse do nothing.
    func watchAcceptFailures(on socket: any MessageSocket, report: @escaping @Sendable (AcceptFailure) -> Void) throws
}

extension MessageSocket {
    public func receive(into frames: inout [[UInt8]]) throws -> Bool {
        guard let message = try receive() else { return false }
        frames = message
        return true
    }
}

extension MessageTransport {
    public func watchAcceptFailures(on socket: any MessageSocket, report: @escaping @Sendable (AcceptFailure) -> Void) throws {}
}

/// Per-socket bounds and security.
public struct SocketOptions: Sendable {
    /// Largest message accepted from a peer; a larger one is refused by the transport before it
    /// is buffered. nil: no limit.
    public var maxMessageBytes: Int?
    /// Messages queued in each direction before sends block (ZeroMQ's high-water marks).
    public var queuedMessages: Int32
    /// CurveZMQ for this socket; transports without it refuse anything but `.none`.
    public var security: SocketSecurity

    public init(maxMessageBytes: Int? = nil, queuedMessages: Int32 = 100_000, security: SocketSecurity = .none) {
        self.maxMessageBytes = maxMessageBytes
        self.queuedMessages = queuedMessages
        self.security = security
    }
}

/// How many messages' sends the gateway and worker loops group before handing them to the socket. libzmq wakes its
/// I/O thread when a message lands in an empty pipe, so a group costs one wake-up instead of one per message; a
/// small group still lets the first answers of a long batch leave early (docs/performance.md, "Sends in groups").
public let messagesPerSendGroup = 8
