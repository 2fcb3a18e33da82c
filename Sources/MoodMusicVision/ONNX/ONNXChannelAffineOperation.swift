/// y = x·scale[c] + shift[c] per channel, then an activation: a BatchNormalization that follows no
/// convolution, or Add/Sub/Mul/Div by a scalar or per-channel constant.
struct ONNXChannelAffineOperation: TensorOperation {
    let outputShape: FeatureShape
    let scale: [Float]
    let shift: [Float]
    let activation: ONNXActivation

    /// This map followed by another per-channel map.
    func then(scale nextScale: [Float], shift nextShift: [Float]) -> Self? {
        guard activation == .none else { return nil }
        return Self(outputShape: outputShape, scale: scale.indices.map { scale[$0] * nextScale[$0] },
                    shift: shift.indices.map { shift[$0] * nextScale[$0] + nextShift[$0] }, activation: .none)
    }

    func fusing(_ next: ONNXActivation) -> Self? {
        activation.then(next).map { Self(outputShape: outputShape, scale: scale, shift: shift, activation: $0) }
    }

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let channels = outputShape.channels
        let pixels = batch * outputShape.height * outputShape.width
        let source = inputs[0]
        for pixel in 0..<pixels {
            let base = pixel * channels
            for c in 0..<channels { output[base + c] = source[base + c] * scale[c] + shift[c] }
        }
        activation.apply(output, count: pixels * channels)
    }
}

/// Add, Sub, Mul or Div of two runtime tensors of the same shape.
struct ONNXBinaryOperation: TensorOperation {
    enum Kind: String, Sendable { case add = "Add", subtract = "Sub", multiply = "Mul", divide = "Div" }

    let kind: Kind
    let outputShape: FeatureShape
    let activation: ONNXActivation

    func fusing(_ next: ONNXActivation) -> Self? {
        activation.then(next).map { Self(kind: kind, outputShape: outputShape, activation: $0) }
    }

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let count = batch * outputShape.count
        let (a, b) = (inputs[0], inputs[1])
        switch kind {
        case .add: for index in 0..<count { output[index] = a[index] + b[index] }
        case .subtract: for index in 0..<count { output[index] = a[index] - b[index] }
        case .multiply: for index in 0..<count { output[index] = a[index] * b[index] }
        case .divide: for index in 0..<count { output[index] = a[index] / b[index] }
        }
        activation.apply(output, count: count)
    }
}
