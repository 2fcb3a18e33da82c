/// ONNX Conv with one group per channel and one filter per group (depthwise), with bias and fused activation.
///
/// The grouped im2col path would run one matrix product per channel; this loops over taps instead, eight
/// channels at a time (NHWC makes each tap one contiguous load).
struct ONNXDepthwiseConvolutionOperation: TensorOperation {
    let inputShape: FeatureShape
    let outputShape: FeatureShape
    let rows: WindowGeometry
    let columns: WindowGeometry
    /// (ky, kx, channel) order.
    let taps: [Float]
    let bias: [Float]
    let activation: ONNXActivation

    /// `weights` in ONNX order (channels, 1, kh, kw).
    init(inputShape: FeatureShape, rows: WindowGeometry, columns: WindowGeometry, weights: [Float], bias: [Float], activation: ONNXActivation) {
        self.inputShape = inputShape
        self.rows = rows
        self.columns = columns
        outputShape = FeatureShape(height: rows.output, width: columns.output, channels: inputShape.channels)
        let (channels, window) = (inputShape.channels, rows.window * columns.window)
        var taps = [Float](repeating: 0, count: channels * window)
        for c in 0..<channels {
            for tap in 0..<window { taps[tap * channels + c] = weights[c * window + tap] }
        }
        self.taps = taps
        self.bias = bias
        self.activation = activation
    }

    private init(copying other: Self, taps: [Float], bias: [Float], activation: ONNXActivation) {
        inputShape = other.inputShape
        outputShape = other.outputShape
        rows = other.rows
        columns = other.columns
        self.taps = taps
        self.bias = bias
        self.activation = activation
    }

    func foldingAffine(scale: [Float], shift: [Float]) -> Self? {
        guard activation == .none else { return nil }
        let channels = inputShape.channels
        let folded = taps.enumerated().map { index, value in value * scale[index % channels] }
        return Self(copying: self, taps: folded, bias: bias.indices.map { bias[$0] * scale[$0] + shift[$0] }, activation: activation)
    }

    func fusing(_ next: ONNXActivation) -> Self? {
        activation.then(next).map { Self(copying: self, taps: taps, bias: bias, activation: $0) }
    }

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels
        let vectorChannels = channels / 8 * 8
        taps.withUnsafeBufferPointer { tapBuffer in
            bias.withUnsafeBufferPointer { biasBuffer in
                let weights = tapBuffer.baseAddress!, bias = biasBuffer.baseAddress!
                for image in 0..<batch {
                    let source = inputs[0] + image * inputShape.count
                    var destination = output + image * outputShape.count
                    for oy in 0..<outputShape.height {
                        let y0 = rows.start(oy)
                        let kyRange = clampedRange(-y0, rows.window, inputShape.height - y0)
                        for ox in 0..<outputShape.width {
                            let x0 = columns.start(ox)
                            let kxRange = clampedRange(-x0, columns.window, inputShape.width - x0)
                            var c = 0
                            while c < vectorChannels {
                                var sum = UnsafeRawPointer(bias + c).loadUnaligned(as: SIMD8<Float>.self)
                                for ky in kyRange {
                                    for kx in kxRange {
                                        let pixel = UnsafeRawPointer(source + ((y0 + ky) * inputShape.width + x0 + kx) * channels + c)
                                        let tap = UnsafeRawPointer(weights + (ky * columns.window + kx) * channels + c)
                                        sum += pixel.loadUnaligned(as: SIMD8<Float>.self) * tap.loadUnaligned(as: SIMD8<Float>.self)
                                    }
                                }
                                UnsafeMutableRawPointer(destination + c).storeBytes(of: sum, as: SIMD8<Float>.self)
                                c += 8
                            }
                            while c < channels {
                                var sum = bias[c]
                                for ky in kyRange {
                                    for kx in kxRange {
                                        sum += source[((y0 + ky) * inputShape.width + x0 + kx) * channels + c]
                                            * weights[(ky * columns.window + kx) * channels + c]
                                    }
                                }
                                destination[c] = sum
                                c += 1
                            }
                            destination += channels
                        }
                    }
                }
            }
        }
        activation.apply(output, count: batch * outputShape.count)
    }
}

/// Taps max(0, firstInside) ..< min(window, endInside), empty (not a crash) when a window lies wholly in the padding.
@inline(__always) func clampedRange(_ firstInside: Int, _ window: Int, _ endInside: Int) -> Range<Int> {
    let lower = max(0, firstInside)
    return lower..<max(lower, min(window, endInside))
}
