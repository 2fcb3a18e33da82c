import Foundation

/// Compiles a Keras 2 functional model (its `model_config` layers and HDF5 weights) into a `Network`.
///
/// The graph comes from the config alone; nothing about mini-Xception is assumed. While compiling:
/// - BatchNormalization whose input is a convolution read by nothing else is folded into that convolution's
///   kernel and bias (scale = γ/√(var+ε), kernel·scale, (bias − mean)·scale + β);
/// - Activation('relu') whose input is a convolution or affine step read by nothing else runs inside that step;
/// - Activation('linear') is an alias.
struct NetworkBuilder {
    private let layersByName: [String: KerasLayerConfig]
    private let weights: [String: [String: WeightTensor]]
    /// How many layers (plus the model output) read each layer's output.
    private let readers: [String: Int]

    private var steps: [Network.Step] = []
    private var shapes: [FeatureShape] = []
    /// Keras layer name → tensor holding its output.
    private var tensorOfLayer: [String: Int] = [:]
    /// Tensor → index of the step that writes it.
    private var producer: [Int: Int] = [:]
    /// Step index → the Keras layer whose output that step now produces (changes when a layer is folded in).
    private var ownerOfStep: [Int: String] = [:]

    static func build(config: KerasModelConfig, weights: [String: [String: WeightTensor]]) throws -> Network {
        var builder = NetworkBuilder(config: config, weights: weights)
        for layer in config.layers { try builder.add(layer) }
        guard let input = builder.tensorOfLayer[config.inputLayer],
            let output = builder.tensorOfLayer[config.outputLayer]
        else { throw EmotionModelError.invalidConfig("input or output layer not found among the layers") }
        return Network(steps: builder.steps, shapes: builder.shapes, inputTensor: input, outputTensor: output)
    }

    private init(config: KerasModelConfig, weights: [String: [String: WeightTensor]]) {
        layersByName = Dictionary(config.layers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.weights = weights
        var readers: [String: Int] = [config.outputLayer: 1]
        for layer in config.layers {
            for source in layer.inbound { readers[source, default: 0] += 1 }
        }
        self.readers = readers
    }

    private mutating func add(_ layer: KerasLayerConfig) throws {
        let inputs = try layer.inbound.map { source in
            guard let tensor = tensorOfLayer[source] else {
                throw EmotionModelError.invalidConfig("layer '\(layer.name)' reads '\(source)', which is not defined before it")
            }
            return tensor
        }
        let settings = layer.settings
        try checkChannelsLast(layer)
        switch layer.className {
        case "InputLayer":
            let shape = try settings.shape("batch_input_shape")
            guard shape.count == 4, let height = shape[1], let width = shape[2], let channels = shape[3] else {
                throw EmotionModelError.unsupportedOption(layer: layer.name, detail: "input shape \(shape) is not [batch, height, width, channels]")
            }
            tensorOfLayer[layer.name] = newTensor(FeatureShape(height: height, width: width, channels: channels))
        case "Conv2D":
            try addConvolution(layer, input: single(inputs, layer))
        case "SeparableConv2D":
            try addSeparableConvolution(layer, input: single(inputs, layer))
        case "BatchNormalization":
            try addBatchNormalization(layer, input: single(inputs, layer))
        case "Activation":
            try addActivation(layer, activation: settings.string("activation"), input: single(inputs, layer))
        case "MaxPooling2D":
            let input = try single(inputs, layer)
            guard let poolSize = try settings.pair("pool_size") else { throw EmotionModelError.invalidConfig("layer '\(layer.name)': no pool_size") }
            let operation = MaxPoolOperation(
                inputShape: shapes[input], poolSize: poolSize, strides: try settings.pair("strides") ?? poolSize,
                padding: try padding(layer))
            tensorOfLayer[layer.name] = append(operation, inputs: [input], for: layer)
        case "Add":
            guard inputs.count >= 2, inputs.allSatisfy({ shapes[$0] == shapes[inputs[0]] }) else {
                throw EmotionModelError.invalidConfig("layer '\(layer.name)': Add needs two or more inputs of one shape, got \(inputs.map { shapes[$0] })")
            }
            tensorOfLayer[layer.name] = append(AddOperation(outputShape: shapes[inputs[0]], inputCount: inputs.count), inputs: inputs, for: layer)
        case "GlobalAveragePooling2D":
            let input = try single(inputs, layer)
            tensorOfLayer[layer.name] = append(GlobalAveragePoolOperation(inputShape: shapes[input]), inputs: [input], for: layer)
        default:
            throw EmotionModelError.unsupportedLayer(className: layer.className, name: layer.name)
        }
    }

    // MARK: Layers

    private mutating func addConvolution(_ layer: KerasLayerConfig, input: Int) throws {
        let settings = layer.settings
        let filters = try settings.int("filters")
        guard let kernelSize = try settings.pair("kernel_size") else { throw EmotionModelError.invalidConfig("layer '\(layer.name)': no kernel_size") }
        try checkNoDilation(layer)
        let kernel = try weight("kernel", of: layer, shape: [kernelSize.0, kernelSize.1, shapes[input].channels, filters])
        let bias = try settings.bool("use_bias", default: true) ? try weight("bias", of: layer, shape: [filters]) : [Float](repeating: 0, count: filters)
        let operation = ConvolutionOperation(
            inputShape: shapes[input], kernelSize: kernelSize, strides: try settings.pair("strides") ?? (1, 1),
            padding: try padding(layer), filters: filters, kernel: kernel, bias: bias, activation: .none, mayReorderSums: true)
        let output = append(operation, inputs: [input], for: layer)
        tensorOfLayer[layer.name] = try applyActivation(
            settings.optionalString("activation") ?? "linear", to: output, layer: layer, source: layer.name)
    }

    private mutating func addSeparableConvolution(_ layer: KerasLayerConfig, input: Int) throws {
        let settings = layer.settings
        let filters = try settings.int("filters")
        let channels = shapes[input].channels
        guard let kernelSize = try settings.pair("kernel_size") else { throw EmotionModelError.invalidConfig("layer '\(layer.name)': no kernel_size") }
        let multiplier = settings.raw["depth_multiplier"] == nil ? 1 : try settings.int("depth_multiplier")
        guard multiplier == 1 else {
            throw EmotionModelError.unsupportedOption(layer: layer.name, detail: "depth_multiplier \(multiplier) (only 1 is implemented)")
        }
        try checkNoDilation(layer)
        let depthwiseKernel = try weight("depthwise_kernel", of: layer, shape: [kernelSize.0, kernelSize.1, channels, 1])
        let pointwiseKernel = try weight("pointwise_kernel", of: layer, shape: [1, 1, channels, filters])
        let bias = try settings.bool("use_bias", default: true) ? try weight("bias", of: layer, shape: [filters]) : [Float](repeating: 0, count: filters)
        let depthwise = DepthwiseConvolutionOperation(
            inputShape: shapes[input], kernelSize: kernelSize, strides: try settings.pair("strides") ?? (1, 1),
            padding: try padding(layer), kernel: depthwiseKernel)
        let middle = append(depthwise, inputs: [input], for: layer)
        let pointwise = ConvolutionOperation(
            inputShape: shapes[middle], kernelSize: (1, 1), strides: (1, 1), padding: .valid, filters: filters,
            kernel: pointwiseKernel, bias: bias, activation: .none, mayReorderSums: true)
        let output = append(pointwise, inputs: [middle], for: layer)
        tensorOfLayer[layer.name] = try applyActivation(
            settings.optionalString("activation") ?? "linear", to: output, layer: layer, source: layer.name)
    }

    private mutating func addBatchNormalization(_ layer: KerasLayerConfig, input: Int) throws {
        let settings = layer.settings
        let axis = settings.raw["axis"] == nil ? -1 : try settings.int("axis")
        guard axis == -1 || axis == 3 else {
            throw EmotionModelError.unsupportedOption(layer: layer.name, detail: "normalisation axis \(axis) (only the channel axis)")
        }
        let channels = shapes[input].channels
        let epsilon = try settings.double("epsilon", default: 1e-3)
        let gamma = try settings.bool("scale", default: true) ? try weight("gamma", of: layer, shape: [channels]) : [Float](repeating: 1, count: channels)
        let beta = try settings.bool("center", default: true) ? try weight("beta", of: layer, shape: [channels]) : [Float](repeating: 0, count: channels)
        let mean = try weight("moving_mean", of: layer, shape: [channels])
        let variance = try weight("moving_variance", of: layer, shape: [channels])
        let scale = (0..<channels).map { gamma[$0] / (variance[$0] + Float(epsilon)).squareRoot() }
        let shift = (0..<channels).map { beta[$0] - mean[$0] * scale[$0] }

        if let step = fusableStep(writing: input, asOutputOf: layer.inbound.first),
            let convolution = steps[step].operation as? ConvolutionOperation, convolution.activation == .none
        {
            replaceStep(step, with: convolution.foldingAffine(scale: scale, shift: shift), for: layer)
            tensorOfLayer[layer.name] = input
        } else {
            let affine = ChannelAffineOperation(outputShape: shapes[input], scale: scale, shift: shift, activation: .none)
            tensorOfLayer[layer.name] = append(affine, inputs: [input], for: layer)
        }
    }

    private mutating func addActivation(_ layer: KerasLayerConfig, activation: String, input: Int) throws {
        tensorOfLayer[layer.name] = try applyActivation(activation, to: input, layer: layer, source: layer.inbound.first)
    }

    /// Applies a Keras activation to `tensor`, inside the step that writes it when that step computes exactly
    /// layer `source`'s output and nothing else reads it.
    private mutating func applyActivation(_ activation: String, to tensor: Int, layer: KerasLayerConfig, source: String?) throws -> Int {
        switch activation {
        case "linear":
            return tensor
        case "relu":
            if let step = fusableStep(writing: tensor, asOutputOf: source) {
                let operation = steps[step].operation
                if let convolution = operation as? ConvolutionOperation, convolution.activation == .none {
                    replaceStep(step, with: convolution.fusing(.relu), for: layer)
                    return tensor
                }
                if let affine = operation as? ChannelAffineOperation, affine.activation == .none {
                    replaceStep(step, with: affine.fusing(.relu), for: layer)
                    return tensor
                }
            }
            return append(ReLUOperation(outputShape: shapes[tensor]), inputs: [tensor], for: layer)
        case "softmax":
            return append(SoftmaxOperation(outputShape: shapes[tensor]), inputs: [tensor], for: layer)
        default:
            throw EmotionModelError.unsupportedOption(layer: layer.name, detail: "activation '\(activation)'")
        }
    }

    // MARK: Helpers

    /// The step that produced `tensor`, when it may absorb more work: it computes exactly the output of layer
    /// `source` and nothing but one layer reads that output.
    private func fusableStep(writing tensor: Int, asOutputOf source: String?) -> Int? {
        guard let source, readers[source] == 1, let step = producer[tensor], ownerOfStep[step] == source else { return nil }
        return step
    }

    private mutating func replaceStep(_ step: Int, with operation: any TensorOperation, for layer: KerasLayerConfig) {
        steps[step] = Network.Step(operation: operation, inputs: steps[step].inputs, output: steps[step].output)
        ownerOfStep[step] = layer.name
    }

    private mutating func newTensor(_ shape: FeatureShape) -> Int {
        shapes.append(shape)
        return shapes.count - 1
    }

    private mutating func append(_ operation: any TensorOperation, inputs: [Int], for layer: KerasLayerConfig) -> Int {
        let output = newTensor(operation.outputShape)
        producer[output] = steps.count
        ownerOfStep[steps.count] = layer.name
        steps.append(Network.Step(operation: operation, inputs: inputs, output: output))
        return output
    }

    private func single(_ inputs: [Int], _ layer: KerasLayerConfig) throws -> Int {
        guard inputs.count == 1 else {
            throw EmotionModelError.invalidConfig("layer '\(layer.name)' (\(layer.className)) expects one input, got \(inputs.count)")
        }
        return inputs[0]
    }

    private func weight(_ name: String, of layer: KerasLayerConfig, shape: [Int]) throws -> [Float] {
        guard let tensor = weights[layer.name]?[name] else {
            throw EmotionModelError.invalidWeights(layer: layer.name, detail: "no '\(name)' weight in the file")
        }
        guard tensor.shape == shape else {
            throw EmotionModelError.invalidWeights(layer: layer.name, detail: "'\(name)' has shape \(tensor.shape), expected \(shape)")
        }
        return tensor.values
    }

    private func padding(_ layer: KerasLayerConfig) throws -> KerasPadding {
        let name = try layer.settings.string("padding")
        guard let padding = KerasPadding(rawValue: name) else {
            throw EmotionModelError.unsupportedOption(layer: layer.name, detail: "padding '\(name)'")
        }
        return padding
    }

    private func checkChannelsLast(_ layer: KerasLayerConfig) throws {
        if let format = layer.settings.optionalString("data_format"), format != "channels_last" {
            throw EmotionModelError.unsupportedOption(layer: layer.name, detail: "data_format \(format)")
        }
    }

    private func checkNoDilation(_ layer: KerasLayerConfig) throws {
        if let dilation = try layer.settings.pair("dilation_rate"), dilation != (1, 1) {
            throw EmotionModelError.unsupportedOption(layer: layer.name, detail: "dilation_rate \(dilation)")
        }
    }
}
