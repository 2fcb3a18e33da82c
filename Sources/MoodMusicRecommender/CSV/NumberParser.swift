import Foundation

/// Parses decimal numbers (`-12`, `0.5`, `7.73e-05`, `.5`) straight from bytes, without building a
/// String. Mantissas of more than 19 significant digits fall back to `strtod`.
enum NumberParser {
    private static let powersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

    static func double(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        // Tolerate spaces around the number.
        while i < end && bytes[i] == 0x20 { i += 1 }
        var e = end
        while e > i && bytes[e - 1] == 0x20 { e -= 1 }
        guard i < e else { return nil }
        var negative = false
        if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if bytes[i] == UInt8(ascii: "+") { i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        while i < e, case let d = bytes[i] &- 0x30, d < 10 {
            sawDigit = true
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(d); if mantissa != 0 { digits += 1 } } else { exponent += 1 }
            i += 1
        }
        if i < e && bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < e, case let d = bytes[i] &- 0x30, d < 10 {
                sawDigit = true
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(d); exponent -= 1; if mantissa != 0 { digits += 1 } }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < e && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            var expNegative = false
            if i < e && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) { expNegative = bytes[i] == UInt8(ascii: "-"); i += 1 }
            var value = 0
            var sawExpDigit = false
            while i < e, case let d = bytes[i] &- 0x30, d < 10 {
                sawExpDigit = true
                if value < 10_000 { value = value * 10 + Int(d) }
                i += 1
            }
            guard sawExpDigit else { return nil }
            exponent += expNegative ? -value : value
        }
        guard i == e else { return nil }
        if digits >= 19 { return slowPath(bytes, start, end) }
        var result = Double(mantissa)
        if exponent != 0 {
            if exponent > 0 && exponent <= 22 { result *= powersOfTen[exponent] }
            else if exponent < 0 && exponent >= -22 { result /= powersOfTen[-exponent] }
            else { return slowPath(bytes, start, end) }
        }
        return negative ? -result : result
    }

    private static func slowPath(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        return Double(text.trimmingCharacters(in: .whitespaces))
    }
}
