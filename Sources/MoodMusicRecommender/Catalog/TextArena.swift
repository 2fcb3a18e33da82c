/// A reference to UTF-8 text stored in a `TextArena`.
public struct TextRef: Sendable, Hashable {
    public var offset: UInt32
    public var length: UInt32
}

/// One growing byte buffer holding many short strings (track ids, names, artist names), so a
/// catalog of 600k tracks does not need millions of separate String allocations.
struct TextArena: Sendable {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ text: UnsafeBufferPointer<UInt8>) -> TextRef {
        let ref = TextRef(offset: UInt32(bytes.count), length: UInt32(text.count))
        bytes.append(contentsOf: text)
        return ref
    }

    mutating func append(_ text: String) -> TextRef {
        var copy = text
        return copy.withUTF8 { append($0) }
    }

    func string(_ ref: TextRef) -> String {
        bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(ref.offset)..<Int(ref.offset + ref.length)]), as: UTF8.self)
        }
    }

    func equals(_ ref: TextRef, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(ref.length) == other.count else { return false }
        return bytes.withUnsafeBufferPointer { mine in
            let base = Int(ref.offset)
            for i in 0..<other.count where mine[base + i] != other[i] { return false }
            return true
        }
    }
}

/// An interning table: distinct texts get indices 0, 1, 2, … in insertion order. The texts live in a
/// `TextArena`; lookups hash the bytes (FNV-1a) and probe linearly.
struct TextIndexTable: Sendable {
    private var slots: [Int32]
    private var mask: Int
    /// The text of each index.
    private(set) var refs: [TextRef] = []

    var count: Int { refs.count }

    init(expectedCount: Int) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        refs.reserveCapacity(expectedCount)
    }

    static func hash(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    func find(_ text: UnsafeBufferPointer<UInt8>, in arena: TextArena) -> Int? {
        var slot = Self.hash(text) & mask
        while true {
            let value = slots[slot]
            if value < 0 { return nil }
            if arena.equals(refs[Int(value)], text) { return Int(value) }
            slot = (slot + 1) & mask
        }
    }

    /// The index of `text`, adding it (and copying it into `arena`) when new.
    mutating func intern(_ text: UnsafeBufferPointer<UInt8>, in arena: inout TextArena) -> (index: Int, isNew: Bool) {
        if refs.count * 2 >= slots.count { grow(arena: arena) }
        var slot = Self.hash(text) & mask
        while true {
            let value = slots[slot]
            if value < 0 {
                let index = refs.count
                slots[slot] = Int32(index)
                refs.append(arena.append(text))
                return (index, true)
            }
            if arena.equals(refs[Int(value)], text) { return (Int(value), false) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow(arena: TextArena) {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        arena.bytes.withUnsafeBufferPointer { all in
            for (index, ref) in refs.enumerated() {
                let text = UnsafeBufferPointer(rebasing: all[Int(ref.offset)..<Int(ref.offset + ref.length)])
                var slot = Self.hash(text) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(index)
            }
        }
    }
}
