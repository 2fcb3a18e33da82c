/// A minimal XML reader for OpenCV's cascade files: elements, their text and their children.
/// Attributes, processing instructions, comments and DOCTYPE are skipped; entities are not
/// expanded (cascade files hold only names and numbers). Parsing a 1 MB cascade takes a few ms.
struct CascadeXMLElement: Sendable {
    var name: String
    var text: String = ""
    var children: [CascadeXMLElement] = []

    func child(_ name: String) -> CascadeXMLElement? { children.first { $0.name == name } }

    /// The element's text split on whitespace (OpenCV stores number lists this way).
    var tokens: [Substring] { text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) }
}

enum CascadeXMLParser {
    struct Failure: Error { let message: String; let offset: Int }

    static func parse(_ bytes: [UInt8]) throws(Failure) -> CascadeXMLElement {
        var stack: [CascadeXMLElement] = [CascadeXMLElement(name: "#document")]
        var textStart: Int? = nil
        var i = 0
        let n = bytes.count

        func flushText(upTo end: Int) {
            if let start = textStart, end > start {
                stack[stack.count - 1].text += String(decoding: bytes[start..<end], as: UTF8.self)
            }
            textStart = nil
        }
        func find(_ pattern: [UInt8], from: Int) -> Int? {
            var j = from
            while j + pattern.count <= n {
                if bytes[j] == pattern[0] && bytes[j..<(j + pattern.count)].elementsEqual(pattern) { return j }
                j += 1
            }
            return nil
        }

        while i < n {
            guard bytes[i] == UInt8(ascii: "<") else {
                if textStart == nil { textStart = i }
                i += 1
                continue
            }
            flushText(upTo: i)
            guard i + 1 < n else { throw Failure(message: "unterminated tag", offset: i) }
            switch bytes[i + 1] {
            case UInt8(ascii: "?"):
                guard let end = find(Array("?>".utf8), from: i + 2) else { throw Failure(message: "unterminated <?", offset: i) }
                i = end + 2
            case UInt8(ascii: "!"):
                if bytes[(i + 2)...].starts(with: Array("--".utf8)) {
                    guard let end = find(Array("-->".utf8), from: i + 4) else { throw Failure(message: "unterminated comment", offset: i) }
                    i = end + 3
                } else {
                    guard let end = find([UInt8(ascii: ">")], from: i + 2) else { throw Failure(message: "unterminated <!", offset: i) }
                    i = end + 1
                }
            case UInt8(ascii: "/"):
                guard let end = find([UInt8(ascii: ">")], from: i + 2) else { throw Failure(message: "unterminated end tag", offset: i) }
                let name = String(decoding: bytes[(i + 2)..<end], as: UTF8.self).trimmingSpaces()
                guard stack.count > 1, stack[stack.count - 1].name == name else {
                    throw Failure(message: "unexpected </\(name)>", offset: i)
                }
                let finished = stack.removeLast()
                stack[stack.count - 1].children.append(finished)
                i = end + 1
            default:
                guard let end = find([UInt8(ascii: ">")], from: i + 1) else { throw Failure(message: "unterminated start tag", offset: i) }
                let selfClosing = bytes[end - 1] == UInt8(ascii: "/")
                let inner = bytes[(i + 1)..<(selfClosing ? end - 1 : end)]
                let nameEnd = inner.firstIndex(where: { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) ?? inner.endIndex
                let name = String(decoding: inner[inner.startIndex..<nameEnd], as: UTF8.self)
                guard !name.isEmpty else { throw Failure(message: "empty tag name", offset: i) }
                if selfClosing {
                    stack[stack.count - 1].children.append(CascadeXMLElement(name: name))
                } else {
                    stack.append(CascadeXMLElement(name: name))
                }
                i = end + 1
            }
        }
        guard stack.count == 1 else { throw Failure(message: "unclosed <\(stack[stack.count - 1].name)>", offset: n) }
        return stack[0]
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(self.drop(while: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
            .reversed().drop(while: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).reversed())
    }
}
