/// The TFLite builtin operators our runtime implements, and how each becomes a `TensorOperation`.
/// Codes and option field numbers follow tensorflow/lite/schema/schema.fbs.
enum TFLiteOperatorCode {
    static let add: Int32 = 0
    static let concatenation: Int32 = 2
    static let conv2D: Int32 = 3
    static let depthwiseConv2D: Int32 = 4
    static let dequantize: Int32 = 6
    static let maxPool2D: Int32 = 17
    static let relu: Int32 = 19
    static let reshape: Int32 = 22
    static let resizeBilinear: Int32 = 23
    static let pad: Int32 = 34

    static func operation(
        for op: TFLiteModel.Operator, model: TFLiteModel, inputShapes: [FeatureShape],
        constant: (Int, Int) throws -> [Float]
    ) throws -> any TensorOperation {
        let input = inputShapes[0]
        let options = op.options
        let needed: Int = [conv2D: 3, depthwiseConv2D: 3, pad: 2, add: 2][op.code] ?? 1
        guard op.inputs.count >= needed else { throw TFLiteModelError.malformed("operator \(op.code) has \(op.inputs.count) inputs") }
        func option<T: FixedWidthInteger>(_ field: Int, _ fallback: T) throws -> T { try options?.scalar(field, default: fallback) ?? fallback }
        func declared(_ index: Int) throws -> [Int] { model.tensors[op.outputs[index]].shape }
        switch op.code {
        case conv2D:
            try requireUnitDilation(try option(4, Int32(1)), try option(5, Int32(1)))
            let weights = model.tensors[op.inputs[1]].shape
            guard weights.count == 4, weights[3] == input.channels, op.inputs.count == 3 else {
                throw TFLiteModelError.unsupported("CONV_2D weights \(weights) on input \(input)")
            }
            let (filters, kh, kw) = (weights[0], weights[1], weights[2])
            let ohwi = try constant(op.inputs[1], filters * kh * kw * input.channels)
            // TFLite stores (out, kh, kw, in); our convolution takes (kh, kw, in, out).
            let rows = kh * kw * input.channels
            var kernel = [Float](repeating: 0, count: ohwi.count)
            for o in 0..<filters { for r in 0..<rows { kernel[r * filters + o] = ohwi[o * rows + r] } }
            return ConvolutionOperation(
                inputShape: input, kernelSize: (kh, kw), strides: (Int(try option(2, Int32(1))), Int(try option(1, Int32(1)))),
                padding: try padding(try option(0, Int8(0))), filters: filters, kernel: kernel, bias: try constant(op.inputs[2], filters),
                activation: try activation(try option(3, Int8(0))), mayReorderSums: true)
        case depthwiseConv2D:
            try requireUnitDilation(try option(5, Int32(1)), try option(6, Int32(1)))
            let weights = model.tensors[op.inputs[1]].shape
            guard weights.count == 4, weights[0] == 1, weights[3] == input.channels, try option(3, Int32(1)) == 1, op.inputs.count == 3 else {
                throw TFLiteModelError.unsupported("DEPTHWISE_CONV_2D weights \(weights) on input \(input) (only depth multiplier 1)")
            }
            return DepthwiseConvolutionOperation(
                inputShape: input, kernelSize: (weights[1], weights[2]), strides: (Int(try option(2, Int32(1))), Int(try option(1, Int32(1)))),
                padding: try padding(try option(0, Int8(0))), kernel: try constant(op.inputs[1], weights[1] * weights[2] * input.channels),
                bias: try constant(op.inputs[2], input.channels), activation: try activation(try option(4, Int8(0))))
        case maxPool2D:
            guard try option(5, Int8(0)) == 0 else { throw TFLiteModelError.unsupported("MAX_POOL_2D with a fused activation") }
            return MaxPoolOperation(
                inputShape: input, poolSize: (Int(try option(4, Int32(1))), Int(try option(3, Int32(1)))),
                strides: (Int(try option(2, Int32(1))), Int(try option(1, Int32(1)))), padding: try padding(try option(0, Int8(0))))
        case add:
            guard inputShapes.count == 2, inputShapes[0] == inputShapes[1] else { throw TFLiteModelError.unsupported("ADD of \(inputShapes) (no broadcasting)") }
            return FusedAddOperation(outputShape: input, activation: try activation(try option(0, Int8(0))))
        case relu:
            return ReLUOperation(outputShape: input)
        case reshape:
            let shape = try declared(0)
            guard shape.reduce(1, *) == input.count else { throw TFLiteModelError.malformed("RESHAPE of \(input) to \(shape)") }
            let padded = [Int](repeating: 1, count: max(0, 4 - shape.count)) + shape.dropFirst()
            return ReshapeOperation(outputShape: FeatureShape(height: padded[padded.count - 3], width: padded[padded.count - 2], channels: padded[padded.count - 1]))
        case pad:
            guard let pads = try model.int32s(op.inputs[1]), pads.count == 8, pads[0] == 0, pads[1] == 0, pads.allSatisfy({ (0...4096).contains($0) }) else {
                throw TFLiteModelError.unsupported("PAD other than constant non-negative paddings of an NHWC tensor")
            }
            return PadOperation(inputShape: input, top: pads[2], bottom: pads[3], left: pads[4], right: pads[5], channelsBefore: pads[6], channelsAfter: pads[7])
        case resizeBilinear:
            let shape = try declared(0)
            guard shape.count == 4 else { throw TFLiteModelError.unsupported("RESIZE_BILINEAR to \(shape)") }
            return ResizeBilinearOperation(
                inputShape: input, outputShape: FeatureShape(height: shape[1], width: shape[2], channels: input.channels),
                alignCorners: try option(2, UInt8(0)) != 0, halfPixelCenters: try option(3, UInt8(0)) != 0)
        case concatenation:
            guard try option(1, Int8(0)) == 0 else { throw TFLiteModelError.unsupported("CONCATENATION with a fused activation") }
            return try concatenationOperation(axis: Int(try option(0, Int32(0))), rank: try declared(0).count, shapes: inputShapes)
        default:
            throw TFLiteModelError.unsupported("builtin operator \(op.code)")
        }
    }

    private static func concatenationOperation(axis: Int, rank: Int, shapes: [FeatureShape]) throws -> ConcatenationOperation {
        // Our shapes are (h, w, c) with the batch dropped and leading ones added up to rank 4.
        let normalized = axis < 0 ? axis + rank : axis
        let featureAxis = normalized + (4 - rank) - 1
        guard (0..<3).contains(featureAxis) else { throw TFLiteModelError.unsupported("CONCATENATION along axis \(axis) of rank \(rank)") }
        let dims = shapes.map { [$0.height, $0.width, $0.channels] }
        for d in dims where d.enumerated().contains(where: { $0.offset != featureAxis && $0.element != dims[0][$0.offset] }) {
            throw TFLiteModelError.malformed("CONCATENATION of mismatched shapes \(shapes)")
        }
        var out = dims[0]
        out[featureAxis] = dims.map { $0[featureAxis] }.reduce(0, +)
        return ConcatenationOperation(
            outputShape: FeatureShape(height: out[0], width: out[1], channels: out[2]),
            outerCount: dims[0][..<featureAxis].reduce(1, *), blockSizes: dims.map { $0[featureAxis...].reduce(1, *) })
    }

    private static func padding(_ value: Int8) throws -> KerasPadding {
        switch value {
        case 0: .same
        case 1: .valid
        default: throw TFLiteModelError.unsupported("padding \(value)")
        }
    }

    /// TFLite's fused-activation option: 0 none, 1 ReLU; anything else is not implemented.
    static func activation(_ value: Int8) throws -> FusedActivation {
        switch value {
        case 0: .none
        case 1: .relu
        default: throw TFLiteModelError.unsupported("fused activation \(value)")
        }
    }

    private static func requireUnitDilation(_ w: Int32, _ h: Int32) throws {
        guard w == 1, h == 1 else { throw TFLiteModelError.unsupported("dilation \(h)×\(w)") }
    }
}
