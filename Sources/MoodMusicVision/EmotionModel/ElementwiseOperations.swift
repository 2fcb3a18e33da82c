/// Keras Add: the elementwise sum of two or more tensors of the same shape.
struct AddOperation: TensorOperation {
    let outputShape: FeatureShape
    let inputCount: Int

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let count = batch * outputShape.count
        output.update(from: inputs[0], count: count)
        for input in inputs.dropFirst() {
            for index in 0..<count { output[index] += input[index] }
        }
    }
}

/// A per-channel affine map y = x·scale + shift with optional ReLU: a BatchNormalization that could not be
/// folded into a preceding convolution.
struct ChannelAffineOperation: TensorOperation {
    let outputShape: FeatureShape
    let scale: [Float]
    let shift: [Float]
    let activation: FusedActivation

    func fusing(_ activation: FusedActivation) -> ChannelAffineOperation {
        ChannelAffineOperation(outputShape: outputShape, scale: scale, shift: shift, activation: activation)
    }

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let channels = outputShape.channels
        let pixels = batch * outputShape.height * outputShape.width
        for pixel in 0..<pixels {
            for c in 0..<channels {
                let value = inputs[0][pixel * channels + c] * scale[c] + shift[c]
                output[pixel * channels + c] = activation == .relu ? max(value, 0) : value
            }
        }
    }
}

/// Keras Activation('relu') when it cannot be fused into its producer.
struct ReLUOperation: TensorOperation {
    let outputShape: FeatureShape

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        for index in 0..<(batch * outputShape.count) { output[index] = max(inputs[0][index], 0) }
    }
}
