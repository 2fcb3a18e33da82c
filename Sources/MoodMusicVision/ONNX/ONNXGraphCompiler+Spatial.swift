import Foundation

/// Conv, pooling, BatchNormalization and Pad: the operators on [N, C, H, W] images.
extension ONNXGraphCompiler {
    /// Window geometry for both spatial axes from kernel_shape, strides, pads, dilations and auto_pad.
    private func windows(_ a: ONNXNodeAttributes, input: FeatureShape, kernel: (Int, Int), ceilMode: Bool = false)
        throws(ONNXModelError) -> (rows: WindowGeometry, columns: WindowGeometry, padAfter: (Int, Int)) {
        let strides = try a.ints("strides") ?? [1, 1]
        let dilations = try a.ints("dilations") ?? [1, 1]
        guard strides.count == 2, strides.allSatisfy({ $0 >= 1 && $0 <= 64 }) else { throw a.usage("strides \(strides)") }
        guard dilations.allSatisfy({ $0 == 1 }) else { throw a.usage("dilations \(dilations); only 1 is supported") }
        guard kernel.0 >= 1, kernel.1 >= 1, kernel.0 <= 64, kernel.1 <= 64 else { throw a.usage("kernel \(kernel)") }
        var pads = try a.ints("pads") ?? [0, 0, 0, 0]
        guard pads.count == 4, pads.allSatisfy({ $0 >= 0 && $0 <= 64 }) else { throw a.usage("pads \(pads)") }
        switch a.string("auto_pad", default: "NOTSET") {
        case "NOTSET", "":
            break
        case "VALID":
            pads = [0, 0, 0, 0]
        case let mode where mode == "SAME_UPPER" || mode == "SAME_LOWER":
            let sizes = [input.height, input.width], kernels = [kernel.0, kernel.1]
            for axis in 0..<2 {
                let output = (sizes[axis] + strides[axis] - 1) / strides[axis]
                let total = max((output - 1) * strides[axis] + kernels[axis] - sizes[axis], 0)
                let small = total / 2
                pads[axis] = mode == "SAME_UPPER" ? small : total - small
                pads[axis + 2] = total - pads[axis]
            }
        case let mode:
            throw a.usage("auto_pad \(mode)")
        }
        guard let rows = WindowGeometry(input: input.height, window: kernel.0, stride: strides[0], padBefore: pads[0], padAfter: pads[2], ceilMode: ceilMode),
              let columns = WindowGeometry(input: input.width, window: kernel.1, stride: strides[1], padBefore: pads[1], padAfter: pads[3], ceilMode: ceilMode),
              rows.output >= 1, columns.output >= 1 else {
            throw a.usage("a \(kernel.0)×\(kernel.1) window does not fit a \(input.height)×\(input.width) input with pads \(pads)")
        }
        return (rows, columns, (pads[2], pads[3]))
    }

    mutating func convolution(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> Value {
        let x = try runtime(a, 0, rank: 4)
        let w = try constant(a, 1)
        let groups = try a.int("group", default: 1)
        let channels = x.shape.channels
        guard w.dims.count == 4 else { throw a.usage("weights of rank \(w.dims.count); only 2-D convolution is supported") }
        let outputChannels = w.dims[0]
        guard groups >= 1, channels % groups == 0, outputChannels % groups == 0, w.dims[1] == channels / groups else {
            throw .invalidGraph("node '\(a.nodeName)': weights \(w.dims) do not fit \(channels) input channels in \(groups) groups")
        }
        if let kernelShape = try a.ints("kernel_shape"), kernelShape != [w.dims[2], w.dims[3]] {
            throw .invalidGraph("node '\(a.nodeName)': kernel_shape \(kernelShape) disagrees with weights \(w.dims)")
        }
        let bias = try optionalConstant(a, 2)?.floats ?? [Float](repeating: 0, count: outputChannels)
        guard bias.count == outputChannels else { throw .invalidGraph("node '\(a.nodeName)': bias has \(bias.count) values for \(outputChannels) channels") }
        let geometry = try windows(a, input: x.shape, kernel: (w.dims[2], w.dims[3]))
        if groups == channels && outputChannels == channels && groups > 1 {
            return try emit(ONNXDepthwiseConvolutionOperation(
                inputShape: x.shape, rows: geometry.rows, columns: geometry.columns, weights: w.floats, bias: bias, activation: .none), reading: [x], rank: 4)
        }
        return try emit(ONNXConvolutionOperation(
            inputShape: x.shape, rows: geometry.rows, columns: geometry.columns, groups: groups, outputChannels: outputChannels,
            weights: w.floats, bias: bias, activation: .none), reading: [x], rank: 4)
    }

    mutating func pool(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> Value {
        let x = try runtime(a, 0, rank: 4)
        guard let kernel = try a.ints("kernel_shape"), kernel.count == 2 else { throw a.usage("kernel_shape must name two axes") }
        guard try a.int("storage_order", default: 0) == 0 else { throw a.usage("storage_order 1") }
        let ceilMode = try a.int("ceil_mode", default: 0) != 0
        let geometry = try windows(a, input: x.shape, kernel: (kernel[0], kernel[1]), ceilMode: ceilMode)
        let kind: ONNXPoolOperation.Kind = a.node.opType == "MaxPool"
            ? .max : .average(countIncludePad: try a.int("count_include_pad", default: 0) != 0)
        return try emit(ONNXPoolOperation(kind: kind, inputShape: x.shape, rows: geometry.rows, columns: geometry.columns,
                                          rowsPadAfter: geometry.padAfter.0, columnsPadAfter: geometry.padAfter.1), reading: [x], rank: 4)
    }

    mutating func globalAveragePool(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> Value {
        let x = try runtime(a, 0, rank: 4)
        return try emit(GlobalAveragePoolOperation(inputShape: x.shape), reading: [x], rank: 4)
    }

    /// ReduceMean over H and W only (what `x.mean((2, 3))` exports to): a global average pool.
    mutating func reduceMean(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> Value {
        let x = try runtime(a, 0, rank: 4)
        let axes = try intList(a, attribute: "axes", input: 1) ?? []
        guard Set(axes.map { $0 < 0 ? $0 + 4 : $0 }) == [2, 3] else { throw a.usage("axes \(axes); only [2, 3] is supported") }
        let keep = try a.int("keepdims", default: 1) != 0
        return try emit(GlobalAveragePoolOperation(inputShape: x.shape), reading: [x], rank: keep ? 4 : 2)
    }

    /// Inference-mode BatchNormalization, folded into the convolution before it when possible.
    mutating func batchNormalization(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> Value {
        let x = try runtime(a, 0)
        guard try a.int("training_mode", default: 0) == 0 else { throw a.usage("training_mode 1") }
        let channels = x.shape.channels
        let parameters = try (1...4).map { index throws(ONNXModelError) in try constant(a, index).floats }
        guard parameters.allSatisfy({ $0.count == channels }) else { throw .invalidGraph("node '\(a.nodeName)': parameters are not \(channels) values each") }
        let epsilon = Double(a.float("epsilon", default: 1e-5))
        var scale = [Float](), shift = [Float]()
        for c in 0..<channels {
            let s = Double(parameters[0][c]) / (Double(parameters[3][c]) + epsilon).squareRoot()
            scale.append(Float(s))
            shift.append(Float(Double(parameters[1][c]) - Double(parameters[2][c]) * s))
        }
        return try affine(a, x, scale: scale, shift: shift)
    }

    /// y = x·scale + shift per channel: folded into a preceding convolution or affine map, else a step.
    mutating func affine(_ a: ONNXNodeAttributes, _ x: RuntimeValue, scale: [Float], shift: [Float], dataInput: Int = 0) throws(ONNXModelError) -> Value {
        let fused = fuseIntoProducer(a, input: dataInput) { operation in
            switch operation {
            case let conv as ONNXConvolutionOperation: return conv.foldingAffine(scale: scale, shift: shift)
            case let conv as ONNXDepthwiseConvolutionOperation: return conv.foldingAffine(scale: scale, shift: shift)
            case let map as ONNXChannelAffineOperation: return map.then(scale: scale, shift: shift)
            case let dense as ONNXDenseOperation where scale.allSatisfy({ $0 == 1 }): return dense.addingBias(shift)
            default: return nil
            }
        }
        if let fused { return fused }
        return try emit(ONNXChannelAffineOperation(outputShape: x.shape, scale: scale, shift: shift, activation: .none), reading: [x], rank: x.rank)
    }

    /// Pad, constant mode, on H and W.
    mutating func pad(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> Value {
        let x = try runtime(a, 0, rank: 4)
        guard a.string("mode", default: "constant") == "constant" else { throw a.usage("mode \(a.string("mode", default: "")); only constant") }
        guard try optionalInput(a, 3) == nil else { throw a.usage("the axes input") }
        let pads = try intList(a, attribute: "pads", input: 1) ?? []
        guard pads.count == 8, pads[0] == 0, pads[1] == 0, pads[4] == 0, pads[5] == 0, pads.allSatisfy({ $0 >= 0 && $0 <= 1024 }) else {
            throw a.usage("pads \(pads); only non-negative padding of H and W")
        }
        let value = try optionalConstant(a, 2).map { $0.floats.first ?? 0 } ?? a.float("value", default: 0)
        return try emit(ONNXPadOperation(inputShape: x.shape, top: pads[2], left: pads[3], bottom: pads[6], right: pads[7], value: value),
                        reading: [x], rank: 4)
    }
}
