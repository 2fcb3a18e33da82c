import Foundation
import Prometheus

/// Serves a Prometheus registry as text on `GET /metrics` over plain HTTP/1.1, on its own thread.
///
/// Deliberately tiny (one request per connection, no keep-alive): scrapes are rare and small,
/// and this keeps an HTTP stack out of the processes. Lifecycle: `start()` once, `stop()` once.
public final class MetricsHTTPServer: @unchecked Sendable {
    private let registry: PrometheusCollectorRegistry
    private let host: String
    private let requestedPort: Int
    private var listener: Int32 = -1
    private var thread: Thread?
    private let stopped = NSLock()
    private var isStopped = false

    /// The port actually bound (useful when `port` was 0 in tests).
    public private(set) var port: Int = 0

    public init(registry: PrometheusCollectorRegistry, host: String = "0.0.0.0", port: Int) {
        self.registry = registry
        self.host = host
        self.requestedPort = port
    }

    public func start() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw MetricsServerError("socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(requestedPort).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw MetricsServerError("bad metrics host \(host)") }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw MetricsServerError("cannot listen on \(host):\(requestedPort): \(reason)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: actual.sin_port))
        listener = fd
        let thread = Thread { [self] in serve() }
        thread.name = "metrics-http"
        thread.start()
        self.thread = thread
    }

    public func stop() {
        stopped.withLock { isStopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if stopped.withLock({ isStopped }) { return }
                if errno == EINTR { continue }
                return
            }
            respond(on: client)
            close(client)
        }
    }

    private func respond(on client: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 2048)
        while request.count < 16_384 {
            let n = read(client, &chunk, chunk.count)
            if n <= 0 { break }
            request.append(contentsOf: chunk[0..<n])
            if request.count >= 4, request.suffix(4) == [13, 10, 13, 10] { break }
        }
        let line = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
        let parts = line.split(separator: " ")
        let status: String
        var body: [UInt8]
        var contentType = "text/plain; charset=utf-8"
        if parts.count >= 2, parts[0] == "GET", parts[1] == "/metrics" || parts[1].hasPrefix("/metrics?") {
            status = "200 OK"
            body = registry.emitToBuffer()
            contentType = "text/plain; version=0.0.4; charset=utf-8"
        } else if parts.count >= 2, parts[0] == "GET", parts[1] == "/healthz" {
            status = "200 OK"
            body = Array("ok\n".utf8)
        } else {
            status = "404 Not Found"
            body = Array("try GET /metrics\n".utf8)
        }
        let head = "HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        var out = Array(head.utf8)
        out.append(contentsOf: body)
        var sent = 0
        while sent < out.count {
            let n = out[sent...].withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            sent += n
        }
    }
}

public struct MetricsServerError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
