/// Flatten (or Reshape to [N, C·H·W]) of an image tensor: ONNX orders the result channel-major (C, H, W), while
/// tensors are stored NHWC, so the values are transposed on the way.
struct ChannelsFirstFlattenOperation: TensorOperation {
    let inputShape: FeatureShape
    var outputShape: FeatureShape { FeatureShape(height: 1, width: 1, channels: inputShape.count) }

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let pixels = inputShape.height * inputShape.width
        let channels = inputShape.channels
        for image in 0..<batch {
            let source = inputs[0] + image * inputShape.count
            let destination = output + image * inputShape.count
            for pixel in 0..<pixels {
                for c in 0..<channels { destination[c * pixels + pixel] = source[pixel * channels + c] }
            }
        }
    }
}

/// Pad (constant mode) of the two spatial axes.
struct ONNXPadOperation: TensorOperation {
    let inputShape: FeatureShape
    let outputShape: FeatureShape
    let top: Int
    let left: Int
    let value: Float

    init(inputShape: FeatureShape, top: Int, left: Int, bottom: Int, right: Int, value: Float) {
        self.inputShape = inputShape
        outputShape = FeatureShape(height: inputShape.height + top + bottom, width: inputShape.width + left + right, channels: inputShape.channels)
        self.top = top
        self.left = left
        self.value = value
    }

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels
        output.update(repeating: value, count: batch * outputShape.count)
        for image in 0..<batch {
            for y in 0..<inputShape.height {
                let source = inputs[0] + image * inputShape.count + y * inputShape.width * channels
                let destination = output + image * outputShape.count + ((y + top) * outputShape.width + left) * channels
                destination.update(from: source, count: inputShape.width * channels)
            }
        }
    }
}
