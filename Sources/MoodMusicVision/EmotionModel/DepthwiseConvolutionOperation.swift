import CVisionKernels

/// A depthwise 2-D convolution with depth multiplier 1 (the first half of Keras SeparableConv2D): each channel
/// is convolved with its own kh × kw kernel. Keras's SeparableConv2D has no bias here (it adds its bias after the
/// pointwise half); TFLite's DEPTHWISE_CONV_2D passes a per-channel `bias` and a fused activation.
///
/// Vectorised across channels, four at a time (one SSE register; the NHWC layout makes each tap one contiguous
/// load). 3 × 3 windows go to a C kernel (eight channels at a time with AVX), straight from the input where the
/// window lies inside it and from small zero-bordered copies at the borders; other windows take a Swift path
/// without bounds checks inside and skip the taps in the padding at the borders. Every output is bias + Σ taps in
/// row-major tap order, so all paths give the same floats.
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

    /// Output indices along one axis whose window lies wholly inside the input.
    private static func interior(_ g: WindowGeometry) -> Range<Int> {
        let first = (g.padBefore + g.stride - 1) / g.stride
        let last = g.input - g.window + g.padBefore >= 0 ? (g.input - g.window + g.padBefore) / g.stride : -1
        let end = min(last + 1, g.output)
        return first < end ? first..<end : 0..<0
    }

    private var isThreeByThree: Bool { rowsGeometry.window == 3 && columnsGeometry.window == 3 }

    /// Columns of a zero-bordered strip of three input rows: exactly what one output row's windows cover.
    private var stripColumns: Int { (outputShape.width - 1) * columnsGeometry.stride + 3 }

    /// 3 × 3 windows that reach into the padding are computed by the C kernel too, from zero-bordered copies in
    /// scratch: a strip of three rows for an output row that touches the top or bottom, a 3 × 3 patch for an edge
    /// pixel of any other row. A zero tap adds ±0, which changes no sum, so the floats are those of skipping it.
    var scratchCount: Int { isThreeByThree ? 3 * stripColumns * inputShape.channels : 0 }

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        for image in 0..<batch {
            let source = inputs[0] + image * inputShape.count
            let destination = output + image * outputShape.count
            for oy in 0..<outputShape.height {
                runRow(oy, of: source, into: destination + oy * outputShape.width * inputShape.channels, scratch: scratch)
            }
        }
    }

    /// Output row `oy` of one image (`source` is that image's input) into `row`.
    func runRow(_ oy: Int, of source: UnsafePointer<Float>, into row: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let interiorRows = Self.interior(rowsGeometry), interiorColumns = Self.interior(columnsGeometry)
        kernel.withUnsafeBufferPointer { kernelBuffer in bias.withUnsafeBufferPointer { biasBuffer in
            let weights = kernelBuffer.baseAddress!, biases = biasBuffer.baseAddress!
            guard interiorRows.contains(oy), !interiorColumns.isEmpty else {
                if isThreeByThree {
                    stripRun3x3(source, oy: oy, weights, biases, into: row, scratch: scratch)
                } else {
                    for ox in 0..<outputShape.width { checkedPixel(source, oy: oy, ox: ox, weights, biases, into: row) }
                }
                return
            }
            if isThreeByThree {
                interiorRun3x3(source, oy: oy, columns: interiorColumns, weights, biases, into: row)
                for ox in 0..<interiorColumns.lowerBound { patchPixel3x3(source, oy: oy, ox: ox, weights, biases, into: row, scratch: scratch) }
                for ox in interiorColumns.upperBound..<outputShape.width {
                    patchPixel3x3(source, oy: oy, ox: ox, weights, biases, into: row, scratch: scratch)
                }
            } else {
                for ox in 0..<interiorColumns.lowerBound { checkedPixel(source, oy: oy, ox: ox, weights, biases, into: row) }
                interiorRun(source, oy: oy, columns: interiorColumns, weights, biases, into: row)
                for ox in interiorColumns.upperBound..<outputShape.width { checkedPixel(source, oy: oy, ox: ox, weights, biases, into: row) }
            }
        } }
    }

    /// Copies input columns x0 ..< x0 + count of row y (zeros outside the input, or for a row outside it) to `target`.
    private func copyZeroBordered(_ source: UnsafePointer<Float>, y: Int, x0: Int, count: Int, to target: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels
        guard y >= 0 && y < inputShape.height else { return target.update(repeating: 0, count: count * channels) }
        let first = min(max(0, x0), x0 + count), end = max(first, min(inputShape.width, x0 + count))
        target.update(repeating: 0, count: (first - x0) * channels)
        (target + (first - x0) * channels).update(from: source + (y * inputShape.width + first) * channels, count: (end - first) * channels)
        (target + (end - x0) * channels).update(repeating: 0, count: (x0 + count - end) * channels)
    }

    /// A whole output row whose windows reach above or below the input, from a zero-bordered strip of three rows.
    private func stripRun3x3(_ source: UnsafePointer<Float>, oy: Int, _ weights: UnsafePointer<Float>, _ biases: UnsafePointer<Float>,
                             into row: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels, columns = stripColumns
        for ky in 0..<3 {
            copyZeroBordered(source, y: rowsGeometry.start(oy) + ky, x0: columnsGeometry.start(0), count: columns,
                             to: scratch + ky * columns * channels)
        }
        mmv_depthwise3x3_run(scratch, columns * channels, columnsGeometry.stride * channels, Int32(channels), weights, biases, row,
                             Int32(outputShape.width), activation == .relu ? 1 : 0)
    }

    /// One output pixel whose window reaches past the left or right edge, from a zero-bordered 3 × 3 patch.
    private func patchPixel3x3(_ source: UnsafePointer<Float>, oy: Int, ox: Int, _ weights: UnsafePointer<Float>,
                               _ biases: UnsafePointer<Float>, into row: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels
        for ky in 0..<3 {
            copyZeroBordered(source, y: rowsGeometry.start(oy) + ky, x0: columnsGeometry.start(ox), count: 3, to: scratch + ky * 3 * channels)
        }
        mmv_depthwise3x3_run(scratch, 3 * channels, 0, Int32(channels), weights, biases, row + ox * channels, 1,
                             activation == .relu ? 1 : 0)
    }

    @inline(__always) private func load(_ pointer: UnsafePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Float>.self)
    }

    @inline(__always) private func store(_ value: SIMD4<Float>, _ pointer: UnsafeMutablePointer<Float>) {
        var value = value
        if activation == .relu { value.replace(with: 0, where: value .< 0) }
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD4<Float>.self)
    }

    /// Output pixels `columns` of row `oy`, all with windows inside the input, by the C kernel (AVX when present).
    private func interiorRun3x3(_ source: UnsafePointer<Float>, oy: Int, columns: Range<Int>, _ weights: UnsafePointer<Float>,
                                _ biases: UnsafePointer<Float>, into row: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels
        let rowStride = inputShape.width * channels
        let top = source + rowsGeometry.start(oy) * rowStride + columnsGeometry.start(columns.lowerBound) * channels
        mmv_depthwise3x3_run(top, rowStride, columnsGeometry.stride * channels, Int32(channels), weights, biases,
                             row + columns.lowerBound * channels, Int32(columns.count), activation == .relu ? 1 : 0)
    }

    /// Output pixels `columns` of row `oy`, all with windows inside the input, any window size.
    private func interiorRun(_ source: UnsafePointer<Float>, oy: Int, columns: Range<Int>, _ weights: UnsafePointer<Float>,
                             _ biases: UnsafePointer<Float>, into row: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels, kh = rowsGeometry.window, kw = columnsGeometry.window
        let rowStride = inputShape.width * channels
        var c = 0
        while c + 4 <= channels {
            let b = load(biases + c)
            for ox in columns {
                let corner = source + rowsGeometry.start(oy) * rowStride + columnsGeometry.start(ox) * channels + c
                var sum = b
                for ky in 0..<kh {
                    for kx in 0..<kw {
                        sum += load(corner + ky * rowStride + kx * channels) * load(weights + (ky * kw + kx) * channels + c)
                    }
                }
                store(sum, row + ox * channels + c)
            }
            c += 4
        }
        if c < channels {
            for ox in columns { checkedPixel(source, oy: oy, ox: ox, weights, biases, into: row, fromChannel: c) }
        }
    }

    /// One output pixel (channels from `fromChannel` on), skipping the taps that fall outside the input.
    private func checkedPixel(_ source: UnsafePointer<Float>, oy: Int, ox: Int, _ weights: UnsafePointer<Float>,
                              _ biases: UnsafePointer<Float>, into row: UnsafeMutablePointer<Float>, fromChannel: Int = 0) {
        let channels = inputShape.channels, kw = columnsGeometry.window
        let y0 = rowsGeometry.start(oy), x0 = columnsGeometry.start(ox)
        let kyRange = max(0, -y0)..<min(rowsGeometry.window, inputShape.height - y0)
        let kxRange = max(0, -x0)..<min(kw, inputShape.width - x0)
        let destination = row + ox * channels
        var c = fromChannel
        while c + 4 <= channels {
            var sum = load(biases + c)
            for ky in kyRange {
                for kx in kxRange {
                    sum += load(source + ((y0 + ky) * inputShape.width + x0 + kx) * channels + c) * load(weights + (ky * kw + kx) * channels + c)
                }
            }
            store(sum, destination + c)
            c += 4
        }
        while c < channels {
            var sum = biases[c]
            for ky in kyRange {
                for kx in kxRange {
                    sum += source[((y0 + ky) * inputShape.width + x0 + kx) * channels + c] * weights[(ky * kw + kx) * channels + c]
                }
            }
            destination[c] = activation == .relu ? max(sum, 0) : sum
            c += 1
        }
    }
}
