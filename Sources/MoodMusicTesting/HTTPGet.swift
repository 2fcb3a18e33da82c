import Foundation

/// A plain HTTP/1.1 GET on 127.0.0.1, for scraping metrics endpoints in tests.
/// Returns the status code and the body.
public func httpGet(port: Int, path: String, timeoutSeconds: Int = 5) throws -> (status: Int, body: String) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw ClusterError("cannot connect to 127.0.0.1:\(port)") }
    let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
    _ = request.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    var response = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = read(fd, &chunk, chunk.count)
        if n <= 0 { break }
        response.append(contentsOf: chunk[0..<n])
    }
    let text = String(decoding: response, as: UTF8.self)
    guard let statusLine = text.split(separator: "\r\n").first, let code = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
        throw ClusterError("no HTTP response from 127.0.0.1:\(port)")
    }
    let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
    return (code, body)
}

/// The value of one Prometheus series in a text exposition, e.g.
/// `moodmusic_gateway_requests_total{code="OK",method="/moodmusic.v1.Diagnostics/Echo"}`.
/// Labels may be given in any order; nil when the series is absent.
public func metricValue(_ exposition: String, name: String, labels: [String: String] = [:]) -> Double? {
    for line in exposition.split(separator: "\n") where line.hasPrefix(name) && !line.hasPrefix("#") {
        let rest = line.dropFirst(name.count)
        var seriesLabels: [String: String] = [:]
        var valuePart = Substring(rest)
        if rest.hasPrefix("{"), let close = rest.firstIndex(of: "}") {
            for pair in rest[rest.index(after: rest.startIndex)..<close].split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                if kv.count == 2 { seriesLabels[String(kv[0])] = String(kv[1]).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            }
            valuePart = rest[rest.index(after: close)...]
        } else if !rest.hasPrefix(" ") {
            continue
        }
        guard labels.allSatisfy({ seriesLabels[$0.key] == $0.value }) else { continue }
        if let value = Double(valuePart.trimmingCharacters(in: .whitespaces)) { return value }
    }
    return nil
}
