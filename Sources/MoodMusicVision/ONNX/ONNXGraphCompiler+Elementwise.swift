/// Relu, Clip and the four arithmetic operators.
extension ONNXGraphCompiler {
    mutating func activation(_ a: ONNXNodeAttributes, _ activation: ONNXActivation) throws(ONNXModelError) -> Value {
        let x = try runtime(a, 0)
        let fused = fuseIntoProducer(a, input: 0) { operation in
            switch operation {
            case let op as ONNXConvolutionOperation: return op.fusing(activation)
            case let op as ONNXDepthwiseConvolutionOperation: return op.fusing(activation)
            case let op as ONNXChannelAffineOperation: return op.fusing(activation)
            case let op as ONNXDenseOperation: return op.fusing(activation)
            case let op as ONNXBinaryOperation: return op.fusing(activation)
            case let op as ONNXActivationOperation: return op.activation.then(activation).map { ONNXActivationOperation(outputShape: op.outputShape, activation: $0) }
            default: return nil
            }
        }
        if let fused { return fused }
        return try emit(ONNXActivationOperation(outputShape: x.shape, activation: activation), reading: [x], rank: x.rank)
    }

    /// Clip: bounds from inputs 1 and 2 (opset 11+) or the min/max attributes; Clip(0, ∞) is Relu.
    mutating func clip(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> Value {
        let lower = try optionalConstant(a, 1)?.floats.first ?? a.float("min", default: -Float.infinity)
        let upper = try optionalConstant(a, 2)?.floats.first ?? a.float("max", default: Float.infinity)
        guard !(lower > upper) else { throw a.usage("min \(lower) is above max \(upper)") }
        return try activation(a, lower == 0 && upper == .infinity ? .relu : .clip(lower: lower, upper: upper))
    }

    mutating func arithmetic(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> Value {
        let kind = ONNXBinaryOperation.Kind(rawValue: a.node.opType)!
        let (left, right) = (try input(a, 0), try input(a, 1))
        switch (left, right) {
        case (.constant(let l), .constant(let r)):
            return .constant(try l.combined(with: r, kind, a))
        case (.runtime(let l), .runtime(let r)):
            guard l.rank == r.rank, l.shape == r.shape else { throw a.usage("broadcast between data tensors \(l.dims) and \(r.dims)") }
            return try emit(ONNXBinaryOperation(kind: kind, outputShape: l.shape, activation: .none), reading: [l, r], rank: l.rank)
        case (.runtime(let x), .constant(let c)), (.constant(let c), .runtime(let x)):
            let constantFirst: Bool
            if case .constant = left { constantFirst = true } else { constantFirst = false }
            let values = try vectorBroadcast(c, length: x.shape.channels, rank: x.rank, a)
            let ones = [Float](repeating: 1, count: values.count), zeros = [Float](repeating: 0, count: values.count)
            let index = constantFirst ? 1 : 0
            switch (kind, constantFirst) {
            case (.add, _): return try affine(a, x, scale: ones, shift: values, dataInput: index)
            case (.subtract, false): return try affine(a, x, scale: ones, shift: values.map { -$0 }, dataInput: index)
            case (.subtract, true): return try affine(a, x, scale: ones.map { -$0 }, shift: values, dataInput: index)
            case (.multiply, _): return try affine(a, x, scale: values, shift: zeros, dataInput: index)
            case (.divide, false): return try affine(a, x, scale: values.map { 1 / $0 }, shift: zeros, dataInput: index)
            case (.divide, true): throw a.usage("a constant divided by data")
            }
        }
    }
}
