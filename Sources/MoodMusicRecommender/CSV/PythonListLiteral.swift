/// Parses the Python list literals the Kaggle files use for `artists`, `id_artists` and `genres`:
/// `['A', "B's", 'Knoc-Turn\'Al']` — elements in single or double quotes, with backslash escapes
/// (`\\`, `\'`, `\"`, `\n`, `\t`, `\r`, `\xNN`, `\uNNNN`, `\UNNNNNNNN`).
///
/// A field that does not start with `[` is taken as one bare element, and an empty field as an
/// empty list.
enum PythonListLiteral {
    /// Calls `element` once per element with its decoded UTF-8 bytes. Returns false when the literal is
    /// malformed (unbalanced quotes, missing commas, a bad escape).
    static func forEachElement(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
        _ element: (UnsafeBufferPointer<UInt8>) -> Void
    ) -> Bool {
        var i = start
        var e = end
        while i < e && isSpace(bytes[i]) { i += 1 }
        while e > i && isSpace(bytes[e - 1]) { e -= 1 }
        if i == e { return true }
        guard bytes[i] == UInt8(ascii: "[") else {
            element(UnsafeBufferPointer(rebasing: bytes[i..<e]))
            return true
        }
        guard bytes[e - 1] == UInt8(ascii: "]") else { return false }
        i += 1
        e -= 1
        var scratch: [UInt8] = []
        var expectElement = true
        while true {
            while i < e && isSpace(bytes[i]) { i += 1 }
            if i == e { return true }
            if !expectElement {
                guard bytes[i] == UInt8(ascii: ",") else { return false }
                i += 1
                expectElement = true
                continue
            }
            let q = bytes[i]
            guard q == UInt8(ascii: "'") || q == UInt8(ascii: "\"") else { return false }
            i += 1
            let contentStart = i
            var escaped = false
            while i < e && bytes[i] != q {
                if bytes[i] == UInt8(ascii: "\\") { escaped = true; i += 2 } else { i += 1 }
            }
            guard i < e else { return false }
            if escaped {
                scratch.removeAll(keepingCapacity: true)
                guard unescape(bytes, contentStart, i, into: &scratch) else { return false }
                scratch.withUnsafeBufferPointer { element($0) }
            } else {
                element(UnsafeBufferPointer(rebasing: bytes[contentStart..<i]))
            }
            i += 1
            expectElement = false
        }
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    private static func unescape(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into out: inout [UInt8]) -> Bool {
        var i = start
        while i < end {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\") else { out.append(b); i += 1; continue }
            guard i + 1 < end else { return false }
            let c = bytes[i + 1]
            i += 2
            switch c {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let width = c == UInt8(ascii: "x") ? 2 : (c == UInt8(ascii: "u") ? 4 : 8)
                guard i + width <= end, let scalarValue = hexValue(bytes, i, i + width),
                      let scalar = Unicode.Scalar(scalarValue) else { return false }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                i += width
            default:
                // \\, \', \" and any other escaped character stand for themselves.
                out.append(c)
            }
        }
        return true
    }

    private static func hexValue(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt32? {
        var value: UInt32 = 0
        for i in start..<end {
            let b = bytes[i]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
