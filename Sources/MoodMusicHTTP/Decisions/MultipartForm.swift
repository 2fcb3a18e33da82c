import MoodMusicWire

/// A `multipart/form-data` body (RFC 7578) split into its parts. The whole body is already in
/// memory (the bridge caps its size), so this is a plain scan for the boundary lines.
public struct MultipartForm: Sendable {
    public struct Part: Sendable, Equatable {
        public var name: String
        public var filename: String?
        public var contentType: String?
        public var body: [UInt8]
    }

    public var parts: [Part]
    /// More parts than this is not a form this bridge serves.
    public static let maximumParts = 16

    public func part(named name: String) -> Part? { parts.first { $0.name == name } }

    /// The boundary from a Content-Type such as `multipart/form-data; boundary="abc"`; nil when
    /// the type is not multipart/form-data.
    public static func boundary(fromContentType contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingWhitespace() }
        guard let type = pieces.first, type.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    public init(body: [UInt8], boundary: String) throws(RPCError) {
        let delimiter = Array("--\(boundary)".utf8)
        guard var cursor = Self.find(delimiter, in: body, from: 0) else {
            throw .invalidArgument("multipart body has no \"--\(boundary)\" boundary line")
        }
        var parts: [Part] = []
        while true {
            cursor += delimiter.count
            if body.count >= cursor + 2, body[cursor] == UInt8(ascii: "-"), body[cursor + 1] == UInt8(ascii: "-") { break }
            guard let headerStart = Self.skipLine(body, from: cursor) else { throw .invalidArgument("multipart body ends inside a boundary line") }
            guard let headerEnd = Self.find(Array("\r\n\r\n".utf8), in: body, from: headerStart) else {
                throw .invalidArgument("multipart part \(parts.count + 1) has no blank line after its headers")
            }
            let contentStart = headerEnd + 4
            guard let next = Self.find([13, 10] + delimiter, in: body, from: headerEnd + 2) else {
                throw .invalidArgument("multipart part \(parts.count + 1) is not closed by a boundary line")
            }
            let headers = String(decoding: body[headerStart..<headerEnd], as: UTF8.self)
            var part = try Self.parseHeaders(headers, index: parts.count + 1)
            part.body = contentStart <= next ? Array(body[contentStart..<next]) : []
            parts.append(part)
            guard parts.count <= Self.maximumParts else { throw .invalidArgument("multipart body has more than \(Self.maximumParts) parts") }
            cursor = next + 2
        }
        self.parts = parts
    }

    private static func parseHeaders(_ text: String, index: Int) throws(RPCError) -> Part {
        var part = Part(name: "", filename: nil, contentType: nil, body: [])
        var named = false
        for line in text.split(separator: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let value = pair[1].trimmingWhitespace()
            switch pair[0].trimmingWhitespace().lowercased() {
            case "content-disposition":
                for parameter in value.split(separator: ";").dropFirst() {
                    let kv = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
                    guard kv.count == 2 else { continue }
                    let unquoted = kv[1].hasPrefix("\"") && kv[1].hasSuffix("\"") && kv[1].count >= 2 ? String(kv[1].dropFirst().dropLast()) : kv[1]
                    if kv[0].lowercased() == "name" { part.name = unquoted; named = true }
                    if kv[0].lowercased() == "filename" { part.filename = unquoted }
                }
            case "content-type":
                part.contentType = value
            default:
                break
            }
        }
        guard named else { throw .invalidArgument("multipart part \(index) has no Content-Disposition name") }
        return part
    }

    /// The index just past the next CRLF at or after `from`, or nil.
    private static func skipLine(_ body: [UInt8], from: Int) -> Int? {
        find([13, 10], in: body, from: from).map { $0 + 2 }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, start >= 0, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
