/// Turns a valid request into a hostile one: byte-level damage (bit flips, truncation, splices,
/// random bytes) and schema-free structural changes (extreme integers, NaN and infinite floats,
/// a record repeated thousands of times, wrong wire types, unknown fields, damaged nested messages).
/// Output never exceeds `maxBytes`.
struct ProtobufMutator {
    var maxBytes = 1 << 20

    static let extremeVarints: [UInt64] = [
        0, 1, 2, 7, 8, 127, 128, 255, 1000, 10_000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000,
        UInt64(Int64.max), UInt64(bitPattern: Int64.min), UInt64.max, UInt64(bitPattern: -1_000_000),
    ]
    static let extremeFloats: [Float] = [
        .nan, .signalingNaN, .infinity, -.infinity, -0.0, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
        .leastNonzeroMagnitude, 1e30, -1, 0, 1, 2,
    ]
    static let extremeDoubles: [Double] = [.nan, .infinity, -.infinity, -0.0, .greatestFiniteMagnitude, .leastNonzeroMagnitude, -1]
    static let repeatCounts = [2, 7, 100, 1000, 10_000]

    func mutate(_ seed: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            if Int.random(in: 0..<10, using: &rng) < 6, var records = WireFormat.parse(bytes) {
                mutateRecords(&records, depth: 0, using: &rng)
                bytes = WireFormat.serialize(records)
            } else {
                mutateBytes(&bytes, using: &rng)
            }
        }
        return bytes.count > maxBytes ? Array(bytes.prefix(maxBytes)) : bytes
    }

    func mutateBytes(_ bytes: inout [UInt8], using rng: inout SeededGenerator) {
        switch Int.random(in: 0..<7, using: &rng) {
        case 0 where !bytes.isEmpty:
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
            }
        case 1 where !bytes.isEmpty:
            bytes.removeLast(Int.random(in: 1...bytes.count, using: &rng))
        case 2 where !bytes.isEmpty:
            let start = Int.random(in: 0..<bytes.count, using: &rng)
            bytes.removeSubrange(start..<min(bytes.count, start + Int.random(in: 1...64, using: &rng)))
        case 3:
            let at = Int.random(in: 0...bytes.count, using: &rng)
            bytes.insert(contentsOf: randomBytes(Int.random(in: 1...32, using: &rng), using: &rng), at: at)
        case 4 where !bytes.isEmpty:
            let start = Int.random(in: 0..<bytes.count, using: &rng)
            let end = min(bytes.count, start + Int.random(in: 1...16, using: &rng))
            for i in start..<end { bytes[i] = 0xFF }
        case 5 where bytes.count < maxBytes / 2:
            bytes += bytes
        default:
            bytes = randomBytes(Int.random(in: 0...96, using: &rng), using: &rng)
        }
    }

    func mutateRecords(_ records: inout [WireRecord], depth: Int, using rng: inout SeededGenerator) {
        guard !records.isEmpty, Int.random(in: 0..<8, using: &rng) != 0 else {
            records.append(randomRecord(using: &rng))
            return
        }
        let index = Int.random(in: 0..<records.count, using: &rng)
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:
            records.remove(at: index)
        case 1:
            let record = records[index]
            let size = WireFormat.serialize([record]).count
            let count = min(Self.repeatCounts.randomElement(using: &rng)!, max(1, maxBytes / max(1, size) - 1))
            records.insert(contentsOf: repeatElement(record, count: count), at: index)
        case 2:
            records[index].value = randomRecord(using: &rng).value
        default:
            records[index].value = mutateValue(records[index].value, depth: depth, using: &rng)
        }
    }

    func mutateValue(_ value: WireRecord.Value, depth: Int, using rng: inout SeededGenerator) -> WireRecord.Value {
        switch value {
        case .varint:
            return .varint(Self.extremeVarints.randomElement(using: &rng)!)
        case .fixed32:
            return .fixed32(Self.extremeFloats.randomElement(using: &rng)!.bitPattern)
        case .fixed64:
            return .fixed64(Self.extremeDoubles.randomElement(using: &rng)!.bitPattern)
        case .bytes(var bytes):
            if depth < 4, Bool.random(using: &rng), var nested = WireFormat.parse(bytes), !nested.isEmpty {
                mutateRecords(&nested, depth: depth + 1, using: &rng)
                return .bytes(WireFormat.serialize(nested))
            }
            if !bytes.isEmpty, bytes.count % 4 == 0, Bool.random(using: &rng) {
                return .bytes(packedFloats(count: bytes.count / 4, using: &rng))
            }
            mutateBytes(&bytes, using: &rng)
            return .bytes(bytes)
        }
    }

    /// Packed floats with the special values mixed in; sometimes many more than the seed had.
    private func packedFloats(count: Int, using rng: inout SeededGenerator) -> [UInt8] {
        let total = Bool.random(using: &rng) ? count : min(maxBytes / 8, Self.repeatCounts.randomElement(using: &rng)!)
        var out: [UInt8] = []
        out.reserveCapacity(total * 4)
        for _ in 0..<total {
            let value = Bool.random(using: &rng) ? Self.extremeFloats.randomElement(using: &rng)! : Float.random(in: -2...2, using: &rng)
            withUnsafeBytes(of: value.bitPattern.littleEndian) { out += $0 }
        }
        return out
    }

    private func randomRecord(using rng: inout SeededGenerator) -> WireRecord {
        let field = UInt64.random(in: 1...64, using: &rng)
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return WireRecord(field: field, value: .varint(Self.extremeVarints.randomElement(using: &rng)!))
        case 1: return WireRecord(field: field, value: .fixed32(Self.extremeFloats.randomElement(using: &rng)!.bitPattern))
        case 2: return WireRecord(field: field, value: .fixed64(UInt64.random(in: .min ... .max, using: &rng)))
        default: return WireRecord(field: field, value: .bytes(randomBytes(Int.random(in: 0...48, using: &rng), using: &rng)))
        }
    }

    private func randomBytes(_ count: Int, using rng: inout SeededGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0 ... 255, using: &rng) }
    }
}
