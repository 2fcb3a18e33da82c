/// One field of a CSV record, as a byte range into the scanned buffer.
///
/// For a quoted field the range excludes the surrounding quotes; `hasDoubledQuotes` says whether it
/// contains `""` pairs that still stand for one `"` each.
struct CSVField {
    var start: Int
    var end: Int
    var isQuoted: Bool
    var hasDoubledQuotes: Bool

    var isEmpty: Bool { start == end }
}

/// An RFC 4180 record scanner over a byte buffer: commas, `"` quoting with `""` escapes, fields that
/// span lines, and LF or CRLF line ends. It never allocates per field: fields are byte ranges.
///
/// A record whose quoting is broken (text after a closing quote, or a quote that never closes) is
/// reported as malformed; scanning resumes at the next line.
struct CSVScanner {
    enum Outcome {
        /// A record was read into the fields array; `line` is the 1-based line it starts on.
        case record(line: Int)
        /// A record with broken quoting was skipped; `line` is the 1-based line it starts on.
        case malformed(line: Int)
        case endOfInput
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var line = 1

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // Skip a UTF-8 byte order mark.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    /// Reads the next record's fields into `fields` (cleared first). Blank lines are skipped.
    mutating func next(into fields: inout [CSVField]) -> Outcome {
        fields.removeAll(keepingCapacity: true)
        let count = bytes.count
        // Skip blank lines.
        while position < count {
            let b = bytes[position]
            if b == Self.lf { position += 1; line += 1 }
            else if b == Self.cr && position + 1 < count && bytes[position + 1] == Self.lf { position += 2; line += 1 }
            else { break }
        }
        if position >= count { return .endOfInput }
        let startLine = line
        while true {
            if position < count && bytes[position] == Self.quote {
                guard let field = scanQuoted() else {
                    skipToLineEnd()
                    return .malformed(line: startLine)
                }
                fields.append(field)
            } else {
                var end = position
                while end < count {
                    let b = bytes[end]
                    if b == Self.comma || b == Self.lf || b == Self.cr { break }
                    end += 1
                }
                fields.append(CSVField(start: position, end: end, isQuoted: false, hasDoubledQuotes: false))
                position = end
            }
            // After a field: a comma, a line end, or the end of input.
            if position >= count { return .record(line: startLine) }
            let b = bytes[position]
            if b == Self.comma { position += 1; continue }
            if b == Self.lf { position += 1; line += 1; return .record(line: startLine) }
            if b == Self.cr {
                if position + 1 < count && bytes[position + 1] == Self.lf { position += 2 } else { position += 1 }
                line += 1
                return .record(line: startLine)
            }
            // Text right after a closing quote.
            skipToLineEnd()
            return .malformed(line: startLine)
        }
    }

    /// Scans a quoted field starting at the opening quote; nil when the quote never closes.
    private mutating func scanQuoted() -> CSVField? {
        let count = bytes.count
        let start = position + 1
        var i = start
        var doubled = false
        while i < count {
            let b = bytes[i]
            if b == Self.quote {
                if i + 1 < count && bytes[i + 1] == Self.quote {
                    doubled = true
                    i += 2
                    continue
                }
                position = i + 1
                return CSVField(start: start, end: i, isQuoted: true, hasDoubledQuotes: doubled)
            }
            if b == Self.lf { line += 1 }
            i += 1
        }
        position = count
        return nil
    }

    private mutating func skipToLineEnd() {
        let count = bytes.count
        while position < count && bytes[position] != Self.lf { position += 1 }
        if position < count { position += 1; line += 1 }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The field's text with `""` pairs folded to `"`.
    func string(_ field: CSVField) -> String {
        let slice = UnsafeBufferPointer(rebasing: self[field.start..<field.end])
        guard field.hasDoubledQuotes else { return String(decoding: slice, as: UTF8.self) }
        return String(decoding: CSVText.unescapedBytes(slice), as: UTF8.self)
    }
}

enum CSVText {
    /// Folds `""` pairs to `"`.
    static func unescapedBytes(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            out.append(raw[i])
            if raw[i] == UInt8(ascii: "\""), i + 1 < raw.count, raw[i + 1] == UInt8(ascii: "\"") { i += 2 } else { i += 1 }
        }
        return out
    }
}
