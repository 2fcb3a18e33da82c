import Foundation
import MoodMusicONNXProtos

/// Typed access to one node's attributes, with errors that name the node.
struct ONNXNodeAttributes {
    let node: Onnx_NodeProto
    private let byName: [String: Onnx_AttributeProto]

    init(_ node: Onnx_NodeProto) {
        self.node = node
        byName = Dictionary(node.attribute.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    var nodeName: String { node.name.isEmpty ? (node.output.first ?? "?") : node.name }

    func has(_ name: String) -> Bool { byName[name] != nil }

    func int(_ name: String, default value: Int) throws(ONNXModelError) -> Int {
        guard let attribute = byName[name] else { return value }
        guard attribute.i >= Int64(Int32.min), attribute.i <= Int64(Int32.max) else {
            throw usage("attribute \(name) = \(attribute.i) is out of range")
        }
        return Int(attribute.i)
    }

    func float(_ name: String, default value: Float) -> Float {
        byName[name].map(\.f) ?? value
    }

    func ints(_ name: String) throws(ONNXModelError) -> [Int]? {
        guard let attribute = byName[name] else { return nil }
        var result: [Int] = []
        for value in attribute.ints {
            guard value >= Int64(Int32.min), value <= Int64(Int32.max) else { throw usage("attribute \(name) holds \(value)") }
            result.append(Int(value))
        }
        return result
    }

    func string(_ name: String, default value: String) -> String {
        byName[name].map { String(decoding: $0.s, as: UTF8.self) } ?? value
    }

    func tensor(_ name: String) -> Onnx_TensorProto? {
        byName[name].flatMap { $0.hasT ? $0.t : nil }
    }

    func attribute(_ name: String) -> Onnx_AttributeProto? { byName[name] }

    func usage(_ detail: String) -> ONNXModelError {
        .unsupportedUsage(node: nodeName, operator: node.opType, detail: detail)
    }
}
