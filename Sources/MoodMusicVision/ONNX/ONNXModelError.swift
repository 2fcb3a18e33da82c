/// Why an ONNX model could not be loaded. Every case is raised while loading, never while running.
public enum ONNXModelError: Error, Equatable, CustomStringConvertible {
    /// The model file does not exist.
    case fileNotFound(path: String)
    /// The file is not a readable ONNX ModelProto.
    case unreadable(path: String, detail: String)
    /// The file's sha256 is not the one the caller expected (a corrupt or substituted weights file).
    case checksumMismatch(path: String, expected: String, actual: String)
    /// Operators this runtime does not implement, each with the name of the first node that uses it.
    case unsupportedOperators([UnsupportedOperator])
    /// A supported operator used in a way this runtime does not implement (an attribute value, a broadcast, a layout).
    case unsupportedUsage(node: String, operator: String, detail: String)
    /// The graph is malformed: a missing input, a wrong weight shape, a dangling output.
    case invalidGraph(String)

    public struct UnsupportedOperator: Equatable, Sendable, CustomStringConvertible {
        public let domain: String
        public let opType: String
        public let node: String

        public var description: String {
            let qualified = domain.isEmpty || domain == "ai.onnx" ? opType : "\(domain).\(opType)"
            return "\(qualified) (node '\(node)')"
        }
    }

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "ONNX model file not found: \(path)"
        case .unreadable(let path, let detail):
            return "cannot read \(path) as an ONNX model: \(detail)"
        case .checksumMismatch(let path, let expected, let actual):
            return "ONNX model \(path) has sha256 \(actual), expected \(expected)"
        case .unsupportedOperators(let operators):
            return "unsupported ONNX operator\(operators.count == 1 ? "" : "s"): " + operators.map(\.description).joined(separator: ", ")
        case .unsupportedUsage(let node, let op, let detail):
            return "unsupported use of ONNX operator \(op) in node '\(node)': \(detail)"
        case .invalidGraph(let detail):
            return "invalid ONNX graph: \(detail)"
        }
    }
}
