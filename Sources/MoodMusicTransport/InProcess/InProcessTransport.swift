import Foundation

/// `MessageTransport` that never leaves the process: endpoints are names, messages are arrays
/// handed from one mailbox to another under one lock. It behaves like the ZeroMQ sockets the
/// code uses (router/dealer identity framing, push/pull fan-in, drop to an unknown peer), so
/// the gateway, workers and clients run unchanged on threads of one test process.
///
/// Lifecycle: make one per cluster; sockets close individually; nothing else to release.
public final class InProcessTransport: MessageTransport, @unchecked Sendable {
    /// Guards every mailbox and the endpoint table; signalled on every delivery.
    let condition = NSCondition()
    var routers: [String: InProcessSocket] = [:]
    var pulls: [String: InProcessSocket] = [:]
    var nextIdentity: UInt32 = 1

    public init() {}

    public func router(binding endpoint: String, options: SocketOptions) throws -> any MessageSocket {
        try bind(endpoint, kind: .router, options: options, into: \.routers)
    }

    public func pull(binding endpoint: String) throws -> any MessageSocket {
        try bind(endpoint, kind: .pull, options: SocketOptions(), into: \.pulls)
    }

    public func dealer(connectingTo endpoint: String, options: SocketOptions) throws -> any MessageSocket {
        try connect(endpoint, kind: .dealer, options: options)
    }

    public func push(connectingTo endpoint: String) throws -> any MessageSocket {
        try connect(endpoint, kind: .push, options: SocketOptions())
    }

    public func wait(for sockets: [any MessageSocket], timeoutMs: Int) throws -> [Bool] {
        let mine = sockets.map { $0 as! InProcessSocket }
        let until = Date(timeIntervalSinceNow: Double(max(0, timeoutMs)) / 1000)
        condition.lock()
        defer { condition.unlock() }
        while true {
            let readable = mine.map { !$0.inbox.isEmpty }
            if readable.contains(true) || timeoutMs == 0 { return readable }
            if !condition.wait(until: until) { return mine.map { !$0.inbox.isEmpty } }
        }
    }

    private func refuseSecurity(_ options: SocketOptions) throws {
        if case .none = options.security { return }
        throw InProcessTransportError("the in-process transport has no CurveZMQ; use ZMQTransport")
    }

    private func bind(_ endpoint: String, kind: InProcessSocket.Kind, options: SocketOptions,
                      into table: ReferenceWritableKeyPath<InProcessTransport, [String: InProcessSocket]>) throws -> InProcessSocket {
        try refuseSecurity(options)
        condition.lock()
        defer { condition.unlock() }
        let name = resolve(endpoint)
        guard self[keyPath: table][name] == nil else { throw InProcessTransportError("\(name) is already bound") }
        let socket = InProcessSocket(transport: self, kind: kind, endpoint: name, options: options)
        self[keyPath: table][name] = socket
        return socket
    }

    private func connect(_ endpoint: String, kind: InProcessSocket.Kind, options: SocketOptions) throws -> InProcessSocket {
        try refuseSecurity(options)
        condition.lock()
        defer { condition.unlock() }
        let peer = kind == .dealer ? routers[endpoint] : pulls[endpoint]
        guard let peer, !peer.closed else { throw InProcessTransportError("nothing is bound at \(endpoint)") }
        let socket = InProcessSocket(transport: self, kind: kind, endpoint: endpoint, options: options)
        socket.identity = withUnsafeBytes(of: nextIdentity.bigEndian) { [0] + Array($0) }
        nextIdentity += 1
        socket.peer = peer
        if kind == .dealer { peer.dealers[socket.identity] = socket }
        return socket
    }

    /// "inproc://name:*" gets a unique name, as a wildcard port would.
    private func resolve(_ endpoint: String) -> String {
        guard endpoint.hasSuffix(":*") else { return endpoint }
        defer { nextIdentity += 1 }
        return endpoint.dropLast(2) + ":\(nextIdentity)"
    }
}

public struct InProcessTransportError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
