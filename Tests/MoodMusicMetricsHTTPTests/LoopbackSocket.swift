import Foundation
import Synchronization

/// A raw TCP client on 127.0.0.1 for driving the server the way a misbehaving client would.
final class LoopbackSocket: @unchecked Sendable {
    let fd: Int32

    init(port: Int, receiveTimeoutSeconds: Int = 20) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw SocketError("cannot connect to 127.0.0.1:\(port)")
        }
    }

    /// Sends bytes; false once the server has closed the connection.
    @discardableResult
    func sendText(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    enum ReadOutcome: Equatable { case data, closedByServer, timedOut }

    /// Blocks until the server sends bytes, closes (FIN, or RST when it closed with our bytes unread),
    /// or the receive timeout passes.
    func readOnce() -> ReadOutcome {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let n = read(fd, &chunk, chunk.count)
        if n > 0 { return .data }
        if n == 0 || errno == ECONNRESET { return .closedByServer }
        return .timedOut
    }

    /// True when nothing has arrived and the server has not closed the connection, without waiting.
    var isOpenAndSilent: Bool {
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, Int32(MSG_DONTWAIT | MSG_PEEK))
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
    }

    func closeNow() { close(fd) }
}

struct SocketError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A flag threads and closures can share (an `Atomic` itself cannot be captured by an escaping closure).
final class SharedFlag: Sendable {
    private let value: Atomic<Bool>
    init(_ initial: Bool) { value = Atomic(initial) }
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set(_ newValue: Bool) { value.store(newValue, ordering: .releasing) }
}
