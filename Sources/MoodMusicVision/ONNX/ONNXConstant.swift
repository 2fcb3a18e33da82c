import Foundation
import MoodMusicONNXProtos

/// A tensor whose value is known at load time: an initializer, a Constant node, or a shape computation folded
/// while loading. Floats and integers are kept apart because shape arithmetic must stay exact.
struct ONNXConstant: Sendable, Equatable {
    enum Values: Sendable, Equatable {
        case floats([Float])
        case ints([Int64])
    }

    /// Stands for the batch size in shapes computed at load time (`Shape` of a runtime tensor): the network
    /// runs any batch, so the batch axis is never a number.
    static let batchMarker = Int64.min

    let dims: [Int]
    let values: Values

    var count: Int { dims.reduce(1, *) }

    init(dims: [Int], values: Values) {
        self.dims = dims
        self.values = values
    }

    init(dims: [Int], floats: [Float]) { self.init(dims: dims, values: .floats(floats)) }
    init(dims: [Int], ints: [Int64]) { self.init(dims: dims, values: .ints(ints)) }

    /// The values as floats (integers converted).
    var floats: [Float] {
        switch values {
        case .floats(let floats): return floats
        case .ints(let ints): return ints.map { Float($0) }
        }
    }

    /// The values as integers, or nil when they are floats.
    var ints: [Int64]? {
        if case .ints(let ints) = values { return ints }
        return nil
    }

    /// Decodes a TensorProto held in the model file (no external data).
    init(tensor: Onnx_TensorProto) throws(ONNXModelError) {
        let name = tensor.name.isEmpty ? "(unnamed)" : tensor.name
        guard tensor.dataLocation != .external, tensor.externalData.isEmpty else {
            throw .invalidGraph("tensor '\(name)' keeps its data in an external file, which this loader does not read")
        }
        var dims: [Int] = []
        for dim in tensor.dims {
            guard dim >= 0, dim <= Int64(Int32.max) else { throw .invalidGraph("tensor '\(name)' has dimension \(dim)") }
            dims.append(Int(dim))
        }
        var count = 1
        for dim in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            guard !overflow, product <= 1 << 28 else { throw .invalidGraph("tensor '\(name)' is too large") }
            count = product
        }
        let raw = tensor.rawData
        func check(_ n: Int) throws(ONNXModelError) {
            guard n == count else { throw .invalidGraph("tensor '\(name)' holds \(n) values for shape \(dims)") }
        }
        switch tensor.dataType {
        case 1:  // FLOAT
            let floats = raw.isEmpty ? tensor.floatData : Self.littleEndian(raw, as: UInt32.self).map { Float(bitPattern: $0) }
            try check(floats.count)
            self.init(dims: dims, floats: floats)
        case 10:  // FLOAT16: raw bytes, or one value per int32 in int32_data
            let bits = raw.isEmpty ? tensor.int32Data.map { UInt16(truncatingIfNeeded: $0) } : Self.littleEndian(raw, as: UInt16.self)
            try check(bits.count)
            self.init(dims: dims, floats: bits.map { Float(Float16(bitPattern: $0)) })
        case 11:  // DOUBLE
            let doubles = raw.isEmpty ? tensor.doubleData : Self.littleEndian(raw, as: UInt64.self).map { Double(bitPattern: $0) }
            try check(doubles.count)
            self.init(dims: dims, floats: doubles.map { Float($0) })
        case 7:  // INT64
            let ints = raw.isEmpty ? tensor.int64Data : Self.littleEndian(raw, as: UInt64.self).map { Int64(bitPattern: $0) }
            try check(ints.count)
            self.init(dims: dims, ints: ints)
        case 6:  // INT32
            let ints = raw.isEmpty ? tensor.int32Data.map(Int64.init) : Self.littleEndian(raw, as: UInt32.self).map { Int64(Int32(bitPattern: $0)) }
            try check(ints.count)
            self.init(dims: dims, ints: ints)
        default:
            throw .invalidGraph("tensor '\(name)' has data type \(tensor.dataType); only float, float16, double, int32 and int64 are read")
        }
    }

    private static func littleEndian<T: FixedWidthInteger>(_ data: Data, as: T.Type) -> [T] {
        let size = MemoryLayout<T>.size
        return data.withUnsafeBytes { bytes in
            (0..<(bytes.count / size)).map { T(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * size, as: T.self)) }
        }
    }
}
