/// A bounds-checked view of a FlatBuffers buffer: just enough to walk a TFLite model (tables, scalars,
/// vectors of scalars, vectors of tables, strings). Every read checks its range, so a damaged or hostile file
/// throws `TFLiteModelError.malformed` instead of reading outside the bytes.
struct FlatBuffer {
    let bytes: [UInt8]

    func load<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) throws -> T {
        guard offset >= 0, offset <= bytes.count - MemoryLayout<T>.size else {
            throw TFLiteModelError.malformed("read of \(MemoryLayout<T>.size) bytes at \(offset) is outside the file")
        }
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }

    /// The table the buffer's root offset points at.
    func root() throws -> FlatTable {
        try FlatTable(buffer: self, position: Int(load(UInt32.self, at: 0)))
    }
}

/// One FlatBuffers table: a position plus its vtable, which says where each field lies (or that it is absent).
struct FlatTable {
    let buffer: FlatBuffer
    let position: Int
    private let vtable: Int
    private let vtableSize: Int

    init(buffer: FlatBuffer, position: Int) throws {
        self.buffer = buffer
        self.position = position
        let vtable = position - Int(try buffer.load(Int32.self, at: position))
        self.vtable = vtable
        vtableSize = Int(try buffer.load(UInt16.self, at: vtable))
        guard vtableSize >= 4, vtableSize % 2 == 0 else { throw TFLiteModelError.malformed("vtable at \(vtable) has size \(vtableSize)") }
    }

    /// Absolute position of field `index`, or nil when the field is absent.
    private func fieldPosition(_ index: Int) throws -> Int? {
        let entry = 4 + 2 * index
        guard entry + 2 <= vtableSize else { return nil }
        let offset = Int(try buffer.load(UInt16.self, at: vtable + entry))
        return offset == 0 ? nil : position + offset
    }

    func scalar<T: FixedWidthInteger>(_ index: Int, default value: T) throws -> T {
        guard let at = try fieldPosition(index) else { return value }
        return try buffer.load(T.self, at: at)
    }

    private func target(_ index: Int) throws -> Int? {
        guard let at = try fieldPosition(index) else { return nil }
        return at + Int(try buffer.load(UInt32.self, at: at))
    }

    func table(_ index: Int) throws -> FlatTable? {
        guard let at = try target(index) else { return nil }
        return try FlatTable(buffer: buffer, position: at)
    }

    /// Start and element count of a vector field.
    private func vector(_ index: Int, elementSize: Int) throws -> (start: Int, count: Int)? {
        guard let at = try target(index) else { return nil }
        let count = Int(try buffer.load(UInt32.self, at: at))
        let (bytes, overflow) = count.multipliedReportingOverflow(by: elementSize)
        guard !overflow, at + 4 + bytes <= buffer.bytes.count else {
            throw TFLiteModelError.malformed("vector of \(count) elements at \(at) runs past the file")
        }
        return (at + 4, count)
    }

    func scalars<T: FixedWidthInteger>(_ index: Int, as type: T.Type) throws -> [T] {
        guard let (start, count) = try vector(index, elementSize: MemoryLayout<T>.size) else { return [] }
        return try (0..<count).map { try buffer.load(T.self, at: start + $0 * MemoryLayout<T>.size) }
    }

    /// Byte range of a `[ubyte]` field (a TFLite buffer's data), without copying.
    func byteRange(_ index: Int) throws -> Range<Int>? {
        guard let (start, count) = try vector(index, elementSize: 1) else { return nil }
        return start..<(start + count)
    }

    func tables(_ index: Int) throws -> [FlatTable] {
        guard let (start, count) = try vector(index, elementSize: 4) else { return [] }
        return try (0..<count).map { element in
            let at = start + 4 * element
            return try FlatTable(buffer: buffer, position: at + Int(buffer.load(UInt32.self, at: at)))
        }
    }

    func string(_ index: Int) throws -> String? {
        guard let (start, count) = try vector(index, elementSize: 1) else { return nil }
        return String(decoding: buffer.bytes[start..<(start + count)], as: UTF8.self)
    }
}
