/// Compiles a float TFLite graph (one image, NHWC) into a `Network` of our own operators.
///
/// DEQUANTIZE of a constant (float16 weights) is done once here; RELU whose input has no other reader runs
/// inside the convolution or addition that produces it; a PAD that only adds zero channels and feeds one ADD
/// runs inside that ADD; an ADD one of whose inputs comes from a 1×1 convolution read by nothing else runs
/// inside that convolution (BlazeFace's residual blocks), together with any such PAD. Every operator's output shape is computed and checked
/// against the shape the file declares. The network's single output concatenates the model outputs along
/// their last axis, in the order `outputOrder` gives.
struct TFLiteNetworkBuilder {
    private let model: TFLiteModel
    private var steps: [Network.Step] = []
    private var shapes: [FeatureShape] = []
    /// TFLite tensor → our tensor.
    private var tensorOf: [Int: Int] = [:]
    /// TFLite tensor → its float constant (weights, biases, dequantized weights).
    private var constants: [Int: [Float]] = [:]
    private var readers: [Int: Int] = [:]
    /// Our tensor → the step that writes it.
    private var producer: [Int: Int] = [:]
    /// TFLite tensor → the PAD that would write it, not yet emitted: a PAD of zero channels after, read only by
    /// one operator, is folded into that operator when it is an ADD (see `FusedAddOperation.narrowChannels`).
    private var deferredPads: [Int: (input: Int, operation: PadOperation)] = [:]

    static func build(_ model: TFLiteModel, outputOrder: [Int]) throws -> Network {
        var builder = TFLiteNetworkBuilder(model: model)
        for op in model.operators { for input in op.inputs where input >= 0 { builder.readers[input, default: 0] += 1 } }
        for output in model.outputs { builder.readers[output, default: 0] += 1 }
        guard model.inputs.count == 1, model.inputs[0] >= 0 else { throw TFLiteModelError.unsupported("\(model.inputs.count) inputs") }
        let input = builder.newTensor(try builder.featureShape(model.inputs[0]))
        builder.tensorOf[model.inputs[0]] = input
        for op in model.operators { try builder.add(op) }
        guard outputOrder.count >= 1, outputOrder.allSatisfy(model.outputs.indices.contains) else {
            throw TFLiteModelError.unsupported("\(model.outputs.count) outputs")
        }
        let outputs = try outputOrder.map { try builder.tensor(model.outputs[$0]) }
        let outputShapes = outputs.map { builder.shapes[$0] }
        let outer = outputShapes[0].height * outputShapes[0].width
        guard outputShapes.allSatisfy({ $0.height * $0.width == outer }) else {
            throw TFLiteModelError.unsupported("outputs \(outputShapes) do not share their leading axes")
        }
        let pack = ConcatenationOperation(
            outputShape: FeatureShape(height: 1, width: outer, channels: outputShapes.map(\.channels).reduce(0, +)),
            outerCount: outer, blockSizes: outputShapes.map(\.channels))
        let packed = builder.append(pack, inputs: outputs)
        return Network(steps: builder.steps, shapes: builder.shapes, inputTensor: input, outputTensor: packed)
    }

    private init(model: TFLiteModel) { self.model = model }

    private func featureShape(_ tensor: Int) throws -> FeatureShape {
        let shape = model.tensors[tensor].shape
        guard shape.first == 1, (2...4).contains(shape.count), shape.allSatisfy({ $0 > 0 && $0 < 1 << 16 }),
            shape.reduce(1, *) <= 1 << 26
        else {
            throw TFLiteModelError.unsupported("tensor '\(model.tensors[tensor].name)' has shape \(shape)")
        }
        let padded = [Int](repeating: 1, count: 4 - shape.count) + shape.dropFirst()
        return FeatureShape(height: padded[padded.count - 3], width: padded[padded.count - 2], channels: padded[padded.count - 1])
    }

    private mutating func tensor(_ index: Int) throws -> Int {
        if let pad = deferredPads.removeValue(forKey: index) {
            tensorOf[index] = append(pad.operation, inputs: [pad.input])
        }
        guard let ours = tensorOf[index] else { throw TFLiteModelError.malformed("tensor '\(model.tensors[index].name)' is read before it is written") }
        return ours
    }

    private func constant(_ index: Int, count: Int) throws -> [Float] {
        guard let values = try constants[index] ?? model.floats(index) else {
            throw TFLiteModelError.unsupported("weights '\(model.tensors[index].name)' are not constant")
        }
        guard values.count == count else { throw TFLiteModelError.malformed("'\(model.tensors[index].name)' has \(values.count) values, expected \(count)") }
        return values
    }

    private mutating func newTensor(_ shape: FeatureShape) -> Int {
        shapes.append(shape)
        return shapes.count - 1
    }

    private mutating func append(_ operation: any TensorOperation, inputs: [Int]) -> Int {
        let output = newTensor(operation.outputShape)
        steps.append(Network.Step(operation: operation, inputs: inputs, output: output))
        producer[output] = steps.count - 1
        return output
    }

    private mutating func add(_ op: TFLiteModel.Operator) throws {
        guard op.outputs.count == 1, op.outputs[0] >= 0, !op.inputs.isEmpty, op.inputs.allSatisfy({ $0 >= 0 }) else {
            throw TFLiteModelError.unsupported("operator \(op.code) with inputs \(op.inputs) and outputs \(op.outputs)")
        }
        let output = op.outputs[0]
        if op.code == TFLiteOperatorCode.dequantize {
            guard let values = try model.floats(op.inputs[0]) else { throw TFLiteModelError.unsupported("DEQUANTIZE of a non-constant") }
            constants[output] = values
            return
        }
        if op.code == TFLiteOperatorCode.relu, let fused = try fuseReLU(into: op.inputs[0]) {
            tensorOf[output] = fused
            return
        }
        if op.code == TFLiteOperatorCode.add, op.inputs.count == 2, try foldChannelPad(into: op) { return }
        if op.code == TFLiteOperatorCode.add, op.inputs.count == 2, op.inputs[0] != op.inputs[1],
            try featureShape(op.inputs[0]) == featureShape(op.inputs[1]), try featureShape(output) == featureShape(op.inputs[0])
        {
            let pair = [try tensor(op.inputs[0]), try tensor(op.inputs[1])]
            for side in 0..<2 where readers[op.inputs[side]] == 1 {
                if let fused = fuseAdd(into: pair[side], residual: pair[1 - side], channels: shapes[pair[1 - side]].channels,
                                       activation: try addActivation(op)) {
                    tensorOf[output] = fused
                    return
                }
            }
        }
        let source = try tensor(op.inputs[0])
        let multiInput = op.code == TFLiteOperatorCode.add || op.code == TFLiteOperatorCode.concatenation
        let inputs = multiInput ? try op.inputs.map { try tensor($0) } : [source]
        let operation = try TFLiteOperatorCode.operation(
            for: op, model: model, inputShapes: inputs.map { shapes[$0] }, constant: { try constant($0, count: $1) })
        let declared = try featureShape(output)
        guard operation.outputShape == declared else {
            throw TFLiteModelError.malformed("operator \(op.code) computes \(operation.outputShape), the file declares \(declared)")
        }
        if let pad = operation as? PadOperation, pad.widensChannelsOnly, readers[output] == 1 {
            deferredPads[output] = (source, pad)
            return
        }
        tensorOf[output] = append(operation, inputs: inputs)
    }

    /// Emits an ADD one of whose inputs is a deferred channel PAD as one `FusedAddOperation` on the PAD's input.
    private mutating func foldChannelPad(into op: TFLiteModel.Operator) throws -> Bool {
        guard let side = op.inputs.firstIndex(where: { deferredPads[$0] != nil }), let pad = deferredPads[op.inputs[side]] else { return false }
        let wide = try tensor(op.inputs[1 - side])
        guard shapes[wide] == pad.operation.outputShape, try featureShape(op.outputs[0]) == shapes[wide] else { return false }
        deferredPads[op.inputs[side]] = nil
        let activation = try addActivation(op)
        if readers[op.inputs[1 - side]] == 1,
            let fused = fuseAdd(into: wide, residual: pad.input, channels: shapes[pad.input].channels, activation: activation)
        {
            tensorOf[op.outputs[0]] = fused
            return true
        }
        let add = FusedAddOperation(outputShape: shapes[wide], activation: activation, narrowChannels: shapes[pad.input].channels)
        tensorOf[op.outputs[0]] = append(add, inputs: [wide, pad.input])
        return true
    }

    private func addActivation(_ op: TFLiteModel.Operator) throws -> FusedActivation {
        try TFLiteOperatorCode.activation(op.options?.scalar(0, default: Int8(0)) ?? 0)
    }

    /// Replaces the step producing `sum` (a 1×1 convolution whose output nothing else reads) by one that also adds
    /// `residual` (`channels` wide) and applies `activation`; returns the tensor now holding the sum. The step moves
    /// to the end of the list when `residual` is computed after it.
    private mutating func fuseAdd(into sum: Int, residual: Int, channels: Int, activation: FusedActivation) -> Int? {
        guard let index = producer[sum], let conv = steps[index].operation as? ConvolutionOperation,
            conv.acceptsResidual(channels: channels), residual != sum
        else { return nil }
        let fused = Network.Step(operation: conv.addingResidual(channels: channels, activation: activation),
                                 inputs: steps[index].inputs + [residual], output: sum)
        if let residualStep = producer[residual], residualStep > index {
            steps.remove(at: index)
            for (tensor, step) in producer where step > index { producer[tensor] = step - 1 }
            steps.append(fused)
            producer[sum] = steps.count - 1
        } else {
            steps[index] = fused
        }
        return sum
    }

    /// Runs a RELU inside the step producing `input` when nothing else reads that step's output.
    private mutating func fuseReLU(into input: Int) throws -> Int? {
        guard readers[input] == 1, let ours = tensorOf[input], let index = producer[ours] else { return nil }
        let step = steps[index]
        let fused: (any TensorOperation)?
        switch step.operation {
        case let conv as ConvolutionOperation where conv.activation == .none: fused = conv.fusing(.relu)
        case let depthwise as DepthwiseConvolutionOperation where depthwise.activation == .none:
            var copy = depthwise
            copy.activation = .relu
            fused = copy
        case var add as FusedAddOperation where add.activation == .none:
            add.activation = .relu
            fused = add
        default: fused = nil
        }
        guard let fused else { return nil }
        steps[index] = Network.Step(operation: fused, inputs: step.inputs, output: step.output)
        return ours
    }
}
