import MoodMusicONNXProtos

/// Compiles an ONNX graph into a `Network` of NHWC operations, once, at load time.
///
/// Nodes are visited in the file's order (ONNX requires topological order). Weights and shape arithmetic are
/// evaluated here (`ONNXConstant`); only operations on the image's data become network steps. Peephole fusion
/// folds BatchNormalization and constant affine maps into the convolution before them and Relu/Clip into their
/// producer, when nothing else reads the intermediate tensor.
struct ONNXGraphCompiler {
    /// A tensor computed per image at run time. Image tensors (rank 4, ONNX [N, C, H, W]) are stored NHWC;
    /// vectors (rank 2, [N, C]) are stored as 1 × 1 × C.
    struct RuntimeValue {
        let tensor: Int
        let rank: Int
        let shape: FeatureShape

        /// ONNX dimensions, the batch as `ONNXConstant.batchMarker`.
        var dims: [Int64] {
            rank == 4 ? [ONNXConstant.batchMarker, Int64(shape.channels), Int64(shape.height), Int64(shape.width)]
                : [ONNXConstant.batchMarker, Int64(shape.channels)]
        }
    }

    enum Value {
        case runtime(RuntimeValue)
        case constant(ONNXConstant)
    }

    /// Largest feature map accepted, in floats per image (a guard against absurd shapes in a file).
    static let maxTensorCount = 1 << 24

    let opset: Int64
    var steps: [Network.Step] = []
    var shapes: [FeatureShape] = []
    var values: [String: Value] = [:]
    /// How many node inputs and graph outputs name each value.
    var readers: [String: Int] = [:]
    /// Tensors reachable under more than one name; never rewritten by fusion.
    var aliased: Set<Int> = []
    var producerStep: [Int: Int] = [:]

    init(opset: Int64) { self.opset = opset }

    /// The network and the names of its input and output.
    static func compile(_ model: Onnx_ModelProto) throws(ONNXModelError) -> (network: Network, input: String, output: String) {
        guard model.hasGraph else { throw .invalidGraph("the model has no graph") }
        let graph = model.graph
        guard let opset = model.opsetImport.first(where: { $0.domain.isEmpty || $0.domain == "ai.onnx" })?.version else {
            throw .invalidGraph("the model imports no version of the default ONNX operator set")
        }
        try ONNXOperatorSet.checkSupported(graph.node)
        var compiler = ONNXGraphCompiler(opset: opset)
        for initializer in graph.initializer {
            compiler.values[initializer.name] = .constant(try ONNXConstant(tensor: initializer))
        }
        let input = try compiler.declareInput(graph)
        for node in graph.node {
            for name in node.input where !name.isEmpty { compiler.readers[name, default: 0] += 1 }
        }
        guard let output = graph.output.first else { throw .invalidGraph("the graph has no output") }
        for output in graph.output { compiler.readers[output.name, default: 0] += 1 }
        for node in graph.node { try compiler.compile(node) }
        guard case .runtime(let result)? = compiler.values[output.name] else {
            throw .invalidGraph("output '\(output.name)' is not computed from the input")
        }
        let network = Network(steps: compiler.steps, shapes: compiler.shapes, inputTensor: 0, outputTensor: result.tensor)
        return (network, input, output.name)
    }

    /// The one graph input that is not an initializer: float, [N, C, H, W] with C, H, W fixed.
    private mutating func declareInput(_ graph: Onnx_GraphProto) throws(ONNXModelError) -> String {
        let inputs = graph.input.filter { values[$0.name] == nil }
        guard inputs.count == 1, let input = inputs.first else {
            throw .invalidGraph("expected one image input, found \(inputs.map(\.name))")
        }
        let tensorType = input.type.tensorType
        guard tensorType.elemType == 1 else { throw .invalidGraph("input '\(input.name)' is not float32") }
        let dims = tensorType.shape.dim.map { dimension -> Int in
            if case .dimValue(let value)? = dimension.value, value >= 0, value <= 1 << 20 { return Int(value) }
            return -1
        }
        guard dims.count == 4, dims[1...].allSatisfy({ $0 >= 1 && $0 <= 4096 }) else {
            throw .invalidGraph("input '\(input.name)' must be [N, C, H, W] with fixed C, H, W; it is \(dims)")
        }
        let shape = FeatureShape(height: dims[2], width: dims[3], channels: dims[1])
        guard shape.count <= Self.maxTensorCount else { throw .invalidGraph("input '\(input.name)' is too large") }
        shapes.append(shape)
        values[input.name] = .runtime(RuntimeValue(tensor: 0, rank: 4, shape: shape))
        return input.name
    }

    private mutating func compile(_ node: Onnx_NodeProto) throws(ONNXModelError) {
        let attributes = ONNXNodeAttributes(node)
        guard let outputName = node.output.first, !outputName.isEmpty else { throw .invalidGraph("node '\(attributes.nodeName)' has no output") }
        for extra in node.output.dropFirst() where !extra.isEmpty && readers[extra, default: 0] > 0 {
            throw attributes.usage("its output '\(extra)' is used; only the first output is computed")
        }
        values[outputName] = try evaluate(node, attributes)
    }

    private mutating func evaluate(_ node: Onnx_NodeProto, _ a: ONNXNodeAttributes) throws(ONNXModelError) -> Value {
        switch node.opType {
        case "Conv": return try convolution(a)
        case "MaxPool", "AveragePool": return try pool(a)
        case "GlobalAveragePool": return try globalAveragePool(a)
        case "ReduceMean": return try reduceMean(a)
        case "BatchNormalization": return try batchNormalization(a)
        case "Pad": return try pad(a)
        case "Gemm": return try gemm(a)
        case "MatMul": return try matMul(a)
        case "Flatten": return try flatten(a)
        case "Reshape": return try reshape(a)
        case "Squeeze", "Unsqueeze": return try squeeze(a, insert: node.opType == "Unsqueeze")
        case "Transpose": return try transpose(a)
        case "Softmax": return try softmax(a)
        case "Identity", "Dropout": return try identity(a)
        case "Relu": return try activation(a, .relu)
        case "Clip": return try clip(a)
        case "Add", "Sub", "Mul", "Div": return try arithmetic(a)
        case "Constant": return .constant(try constantNode(a))
        case "Shape": return .constant(try shape(a))
        case "Gather": return .constant(try gather(a))
        case "Concat": return .constant(try concat(a))
        case "Cast": return try cast(a)
        default: throw ONNXModelError.unsupportedOperators([.init(domain: node.domain, opType: node.opType, node: a.nodeName)])
        }
    }

    // MARK: Values

    func input(_ a: ONNXNodeAttributes, _ index: Int) throws(ONNXModelError) -> Value {
        guard index < a.node.input.count, !a.node.input[index].isEmpty else { throw a.usage("input \(index) is missing") }
        guard let value = values[a.node.input[index]] else {
            throw .invalidGraph("node '\(a.nodeName)' reads '\(a.node.input[index])' before anything computes it")
        }
        return value
    }

    func optionalInput(_ a: ONNXNodeAttributes, _ index: Int) throws(ONNXModelError) -> Value? {
        guard index < a.node.input.count, !a.node.input[index].isEmpty else { return nil }
        return try input(a, index)
    }

    func runtime(_ a: ONNXNodeAttributes, _ index: Int, rank: Int? = nil) throws(ONNXModelError) -> RuntimeValue {
        guard case .runtime(let value) = try input(a, index) else { throw a.usage("input \(index) must be computed from the image, not a constant") }
        if let rank, value.rank != rank { throw a.usage("input \(index) has rank \(value.rank); rank \(rank) is supported") }
        return value
    }

    func constant(_ a: ONNXNodeAttributes, _ index: Int) throws(ONNXModelError) -> ONNXConstant {
        guard case .constant(let value) = try input(a, index) else { throw a.usage("input \(index) must be a constant (an initializer)") }
        return value
    }

    func optionalConstant(_ a: ONNXNodeAttributes, _ index: Int) throws(ONNXModelError) -> ONNXConstant? {
        guard let value = try optionalInput(a, index) else { return nil }
        guard case .constant(let constant) = value else { throw a.usage("input \(index) must be a constant (an initializer)") }
        return constant
    }

    /// An integer list given as an attribute (older opsets) or as a constant input (newer ones).
    func intList(_ a: ONNXNodeAttributes, attribute: String, input index: Int) throws(ONNXModelError) -> [Int]? {
        if let list = try a.ints(attribute) { return list }
        guard let constant = try optionalConstant(a, index) else { return nil }
        guard let ints = constant.ints, ints.allSatisfy({ abs($0) <= 1 << 30 }) else { throw a.usage("input \(index) must be small integers") }
        return ints.map { Int($0) }
    }

    // MARK: Emitting steps

    mutating func emit(_ operation: any TensorOperation, reading inputs: [RuntimeValue], rank: Int) throws(ONNXModelError) -> Value {
        let shape = operation.outputShape
        guard shape.count >= 1, shape.count <= Self.maxTensorCount else { throw .invalidGraph("a tensor of shape \(shape) is out of range") }
        let tensor = shapes.count
        shapes.append(shape)
        steps.append(Network.Step(operation: operation, inputs: inputs.map(\.tensor), output: tensor))
        producerStep[tensor] = steps.count - 1
        return .runtime(RuntimeValue(tensor: tensor, rank: rank, shape: shape))
    }

    mutating func identity(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> Value {
        let value = try input(a, 0)
        guard case .runtime(let runtime) = value else { return value }
        return alias(runtime, rank: runtime.rank)
    }

    /// The same tensor under a new name (and possibly another rank with the same storage).
    mutating func alias(_ value: RuntimeValue, rank: Int) -> Value {
        aliased.insert(value.tensor)
        return .runtime(RuntimeValue(tensor: value.tensor, rank: rank, shape: value.shape))
    }

    /// Replaces the operation producing input `index` of `a` by `rewrite(operation)`, when this node is that
    /// tensor's only reader and the rewrite applies; returns the rewritten value.
    mutating func fuseIntoProducer(_ a: ONNXNodeAttributes, input index: Int, _ rewrite: (any TensorOperation) -> (any TensorOperation)?) -> Value? {
        let name = a.node.input[index]
        guard readers[name] == 1, case .runtime(let value)? = values[name], !aliased.contains(value.tensor),
              let stepIndex = producerStep[value.tensor], let rewritten = rewrite(steps[stepIndex].operation) else { return nil }
        let step = steps[stepIndex]
        steps[stepIndex] = Network.Step(operation: rewritten, inputs: step.inputs, output: step.output)
        return .runtime(value)
    }
}
