/// One socket of an `InProcessTransport`. Its state is guarded by the transport's lock.
public final class InProcessSocket: MessageSocket {
    enum Kind { case router, dealer, pull, push }

    unowned let transport: InProcessTransport
    let kind: Kind
    let endpoint: String
    let options: SocketOptions
    var inbox: [[[UInt8]]] = []
    var closed = false
    /// A dealer's or push socket's name as its router sees it.
    var identity: [UInt8] = []
    /// The router or pull socket a dealer or push socket is connected to.
    weak var peer: InProcessSocket?
    /// A router's connected dealers, by identity.
    var dealers: [[UInt8]: InProcessSocket] = [:]

    init(transport: InProcessTransport, kind: Kind, endpoint: String, options: SocketOptions) {
        self.transport = transport
        self.kind = kind
        self.endpoint = endpoint
        self.options = options
    }

    public func send(_ frames: [[UInt8]]) throws {
        transport.condition.lock()
        defer { transport.condition.unlock() }
        guard !closed else { throw InProcessTransportError("send on a closed socket") }
        switch kind {
        case .router:
            guard let first = frames.first, let dealer = dealers[first], !dealer.closed else { return }
            dealer.deliver(Array(frames.dropFirst()))
        case .dealer:
            peer?.deliver([identity] + frames)
        case .push:
            peer?.deliver(frames)
        case .pull:
            throw InProcessTransportError("a pull socket cannot send")
        }
        transport.condition.broadcast()
    }

    /// Queues a message unless it breaks this socket's limits (then it is dropped, as libzmq
    /// drops the connection of a peer that sends an oversized message).
    private func deliver(_ frames: [[UInt8]]) {
        guard !closed else { return }
        if let limit = options.maxMessageBytes, frames.reduce(0, { $0 + $1.count }) > limit { return }
        guard inbox.count < Int(options.queuedMessages) else { return }
        inbox.append(frames)
    }

    public func receive() throws -> [[UInt8]]? {
        transport.condition.lock()
        defer { transport.condition.unlock() }
        return inbox.isEmpty ? nil : inbox.removeFirst()
    }

    public func boundEndpoint() throws -> String { endpoint }

    public func close() {
        transport.condition.lock()
        defer { transport.condition.unlock() }
        closed = true
        inbox.removeAll()
        switch kind {
        case .router: if transport.routers[endpoint] === self { transport.routers[endpoint] = nil }
        case .pull: if transport.pulls[endpoint] === self { transport.pulls[endpoint] = nil }
        case .dealer: peer?.dealers[identity] = nil
        case .push: break
        }
        transport.condition.broadcast()
    }
}
