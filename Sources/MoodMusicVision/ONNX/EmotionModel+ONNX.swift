import MoodMusicDigest
import Foundation
import MoodMusicONNXProtos
import SwiftProtobuf

extension EmotionModel {
    /// Largest ONNX file read (weights are stored inside the file; external data is refused).
    public static let maxONNXFileBytes = 256 << 20

    /// Loads an ONNX model of one image input [N, C, H, W] and one output [N, K], compiled for this runtime.
    ///
    /// - Parameter expectedSHA256: when given, the file's sha256 (lowercase hex) must equal it.
    /// - Throws: `ONNXModelError`; `.unsupportedOperators` names every operator this runtime lacks.
    public static func loadONNX(path: String, expectedSHA256: String? = nil) throws(ONNXModelError) -> EmotionModel {
        guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path) }
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > maxONNXFileBytes {
                throw ONNXModelError.unreadable(path: path, detail: "\(size) bytes is over the \(maxONNXFileBytes)-byte limit")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as ONNXModelError {
            throw error
        } catch {
            throw .unreadable(path: path, detail: "\(error)")
        }
        if let expectedSHA256 {
            let actual = SHA256.hex(of: [UInt8](data))
            guard actual == expectedSHA256.lowercased() else { throw .checksumMismatch(path: path, expected: expectedSHA256, actual: actual) }
        }
        return try loadONNX(serialized: data, path: path)
    }

    /// Compiles an ONNX model already in memory; `path` only names it in errors.
    public static func loadONNX(serialized data: Data, path: String = "(memory)") throws(ONNXModelError) -> EmotionModel {
        let model: Onnx_ModelProto
        do {
            model = try Onnx_ModelProto(serializedBytes: data)
        } catch {
            throw .unreadable(path: path, detail: "not a ModelProto (\(error))")
        }
        return EmotionModel(network: try ONNXGraphCompiler.compile(model).network)
    }
}
