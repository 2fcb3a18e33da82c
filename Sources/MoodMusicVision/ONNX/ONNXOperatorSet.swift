import MoodMusicONNXProtos

/// The ONNX operators this runtime implements (default domain only). A model using any other operator is
/// refused at load time with every such operator named.
public enum ONNXOperatorSet {
    /// Operators run on image data, and operators evaluated at load time on constants (shape arithmetic).
    public static let supported: Set<String> = [
        "Conv", "BatchNormalization", "Relu", "Clip", "Add", "Sub", "Mul", "Div",
        "MaxPool", "AveragePool", "GlobalAveragePool", "ReduceMean", "Pad",
        "Gemm", "MatMul", "Flatten", "Reshape", "Squeeze", "Unsqueeze", "Transpose", "Softmax",
        "Identity", "Dropout", "Constant", "Shape", "Gather", "Concat", "Cast",
    ]

    static func checkSupported(_ nodes: [Onnx_NodeProto]) throws(ONNXModelError) {
        var seen: Set<String> = []
        var unsupported: [ONNXModelError.UnsupportedOperator] = []
        for node in nodes {
            let defaultDomain = node.domain.isEmpty || node.domain == "ai.onnx"
            guard !(defaultDomain && supported.contains(node.opType)) else { continue }
            let key = node.domain + "." + node.opType
            guard seen.insert(key).inserted else { continue }
            unsupported.append(.init(domain: node.domain, opType: node.opType, node: node.name.isEmpty ? (node.output.first ?? "?") : node.name))
        }
        if !unsupported.isEmpty { throw .unsupportedOperators(unsupported) }
    }
}
