import Foundation

public enum TFLiteModelError: Error, Equatable, CustomStringConvertible {
    case fileNotFound(String)
    case malformed(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .fileNotFound(let path): "no TFLite model at \(path)"
        case .malformed(let detail): "malformed TFLite model: \(detail)"
        case .unsupported(let detail): "unsupported TFLite model: \(detail)"
        }
    }
}

/// The parts of a TFLite flatbuffer (schema v3) that inference needs: the first subgraph's tensors and
/// operators, and the constant buffers. Field numbers follow tensorflow/lite/schema/schema.fbs.
struct TFLiteModel {
    struct Tensor {
        let name: String
        let shape: [Int]
        /// TensorType: 0 float32, 1 float16, 2 int32, ...
        let type: Int8
        let buffer: Int
    }

    struct Operator {
        /// BuiltinOperator code (e.g. 3 CONV_2D).
        let code: Int32
        let inputs: [Int]
        let outputs: [Int]
        let options: FlatTable?
    }

    let file: FlatBuffer
    let tensors: [Tensor]
    let operators: [Operator]
    let inputs: [Int]
    let outputs: [Int]
    /// Byte range of each buffer's data inside the file (nil: no data, i.e. not a constant).
    let buffers: [Range<Int>?]

    static func load(path: String) throws -> TFLiteModel {
        guard let data = FileManager.default.contents(atPath: path) else { throw TFLiteModelError.fileNotFound(path) }
        return try TFLiteModel(bytes: [UInt8](data))
    }

    init(bytes: [UInt8]) throws {
        guard bytes.count >= 8, bytes[4..<8].elementsEqual("TFL3".utf8) else {
            throw TFLiteModelError.malformed("missing the TFL3 file identifier")
        }
        file = FlatBuffer(bytes: bytes)
        let model = try file.root()
        let codes = try model.tables(1).map { code -> Int32 in
            let deprecated = Int32(try code.scalar(0, default: Int8(0)))
            return max(deprecated, try code.scalar(3, default: Int32(0)))
        }
        guard let graph = try model.tables(2).first else { throw TFLiteModelError.malformed("no subgraph") }
        buffers = try model.tables(4).map { try $0.byteRange(0) }
        let bufferCount = buffers.count
        tensors = try graph.tables(0).map { tensor in
            let buffer = Int(try tensor.scalar(2, default: UInt32(0)))
            guard buffer < bufferCount else { throw TFLiteModelError.malformed("tensor buffer \(buffer) of \(bufferCount)") }
            return Tensor(name: try tensor.string(3) ?? "", shape: try tensor.scalars(0, as: Int32.self).map(Int.init),
                          type: try tensor.scalar(1, default: Int8(0)), buffer: buffer)
        }
        let tensorCount = tensors.count
        func indices(_ values: [Int32]) throws -> [Int] {
            try values.map { value in
                guard value >= -1, value < tensorCount else { throw TFLiteModelError.malformed("tensor index \(value) of \(tensorCount)") }
                return Int(value)
            }
        }
        inputs = try indices(graph.scalars(1, as: Int32.self))
        outputs = try indices(graph.scalars(2, as: Int32.self))
        operators = try graph.tables(3).map { op in
            let index = Int(try op.scalar(0, default: UInt32(0)))
            guard index < codes.count else { throw TFLiteModelError.malformed("operator code \(index) of \(codes.count)") }
            return Operator(code: codes[index], inputs: try indices(op.scalars(1, as: Int32.self)),
                            outputs: try indices(op.scalars(2, as: Int32.self)), options: try op.table(4))
        }
    }

    /// The constant data of `tensor` as float32 (float16 is widened), or nil when it has no data.
    func floats(_ tensor: Int) throws -> [Float]? {
        let info = tensors[tensor]
        guard let range = buffers[info.buffer], !range.isEmpty else { return nil }
        let bytes = file.bytes[range]
        switch info.type {
        case 0:
            guard bytes.count % 4 == 0 else { throw TFLiteModelError.malformed("float32 tensor '\(info.name)' has \(bytes.count) bytes") }
            return bytes.withUnsafeBytes { raw in (0..<(bytes.count / 4)).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) } }
        case 1:
            guard bytes.count % 2 == 0 else { throw TFLiteModelError.malformed("float16 tensor '\(info.name)' has \(bytes.count) bytes") }
            return bytes.withUnsafeBytes { raw in
                (0..<(bytes.count / 2)).map { Float(Float16(bitPattern: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self)))) }
            }
        default:
            throw TFLiteModelError.unsupported("constant '\(info.name)' of type \(info.type)")
        }
    }

    /// The constant data of an int32 tensor (shapes, paddings).
    func int32s(_ tensor: Int) throws -> [Int]? {
        let info = tensors[tensor]
        guard let range = buffers[info.buffer], !range.isEmpty else { return nil }
        guard info.type == 2, range.count % 4 == 0 else { throw TFLiteModelError.malformed("tensor '\(info.name)' is not int32") }
        let bytes = file.bytes[range]
        return bytes.withUnsafeBytes { raw in (0..<(bytes.count / 4)).map { Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self))) } }
    }
}
