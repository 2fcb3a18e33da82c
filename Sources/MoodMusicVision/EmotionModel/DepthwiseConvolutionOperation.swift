/// A depthwise 2-D convolution with depth multiplier 1 (the first half of Keras SeparableConv2D): each channel
/// is convolved with its own kh × kw kernel. Keras's SeparableConv2D has no bias here (it adds its bias after the
/// pointwise half); TFLite's DEPTHWISE_CONV_2D passes a per-channel `bias` and a fused activation.
///
/// Vectorised across channels, eight at a time; the NHWC layout makes each tap one contiguous load.
struct DepthwiseConvolutionOperation: TensorOperation {
    let inputShape: FeatureShape
    let outputShape: FeatureShape
    let rowsGeometry: WindowGeometry
    let columnsGeometry: WindowGeometry
    /// Kernel in Keras order (kh, kw, channels, 1).
    let kernel: [Float]
    /// Per-channel bias, or empty for none.
    let bias: [Float]
    var activation: FusedActivation

    init(inputShape: FeatureShape, kernelSize: (Int, Int), strides: (Int, Int), padding: KerasPadding, kernel: [Float],
         bias: [Float] = [], activation: FusedActivation = .none) {
        precondition(kernel.count == kernelSize.0 * kernelSize.1 * inputShape.channels)
        precondition(bias.isEmpty || bias.count == inputShape.channels)
        self.bias = bias.isEmpty ? [Float](repeating: 0, count: inputShape.channels) : bias
        self.activation = activation
        self.inputShape = inputShape
        rowsGeometry = WindowGeometry(input: inputShape.height, window: kernelSize.0, stride: strides.0, padding: padding)
        columnsGeometry = WindowGeometry(input: inputShape.width, window: kernelSize.1, stride: strides.1, padding: padding)
        outputShape = FeatureShape(height: rowsGeometry.output, width: columnsGeometry.output, channels: inputShape.channels)
        self.kernel = kernel
    }

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels
        let vectorChannels = channels / 8 * 8
        let relu = activation == .relu
        kernel.withUnsafeBufferPointer { kernelBuffer in bias.withUnsafeBufferPointer { biasBuffer in
            let weights = kernelBuffer.baseAddress!, biases = biasBuffer.baseAddress!
            for image in 0..<batch {
                let source = inputs[0] + image * inputShape.count
                var destination = output + image * outputShape.count
                for oy in 0..<outputShape.height {
                    let y0 = rowsGeometry.start(oy)
                    let kyRange = max(0, -y0)..<min(rowsGeometry.window, inputShape.height - y0)
                    for ox in 0..<outputShape.width {
                        let x0 = columnsGeometry.start(ox)
                        let kxRange = max(0, -x0)..<min(columnsGeometry.window, inputShape.width - x0)
                        var c = 0
                        while c < vectorChannels {
                            var sum = UnsafeRawPointer(biases + c).loadUnaligned(as: SIMD8<Float>.self)
                            for ky in kyRange {
                                for kx in kxRange {
                                    let pixel = UnsafeRawPointer(source + ((y0 + ky) * inputShape.width + x0 + kx) * channels + c)
                                    let tap = UnsafeRawPointer(weights + (ky * columnsGeometry.window + kx) * channels + c)
                                    sum += pixel.loadUnaligned(as: SIMD8<Float>.self) * tap.loadUnaligned(as: SIMD8<Float>.self)
                                }
                            }
                            if relu { sum.replace(with: 0, where: sum .< 0) }
                            UnsafeMutableRawPointer(destination + c).storeBytes(of: sum, as: SIMD8<Float>.self)
                            c += 8
                        }
                        while c < channels {
                            var sum = biases[c]
                            for ky in kyRange {
                                for kx in kxRange {
                                    sum += source[((y0 + ky) * inputShape.width + x0 + kx) * channels + c]
                                        * weights[(ky * columnsGeometry.window + kx) * channels + c]
                                }
                            }
                            destination[c] = relu ? max(sum, 0) : sum
                            c += 1
                        }
                        destination += channels
                    }
                }
            }
        } }
    }
}
