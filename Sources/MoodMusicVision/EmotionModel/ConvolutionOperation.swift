import CVisionKernels

/// A 2-D convolution (Keras Conv2D; also the pointwise half of SeparableConv2D) with a folded bias and an
/// optional fused ReLU.
///
/// 1×1 kernels with stride 1 multiply the input directly (the NHWC tensor of N images is an (N·H·W) × C
/// matrix); other kernels first gather each image's receptive fields into an im2col matrix in scratch memory.
///
/// With `mayReorderSums` (TFLite graphs, parity bound 1e-3; the Keras emotion model, bound 1e-4 on
/// probabilities, about 1e-6 measured), convolutions whose im2col rows would be short run as direct AVX2/FMA
/// kernels when the CPU has them: inputs of at most eight channels (an image, BlazeFace's first layer, the emotion
/// CNN's first two layers) and strided 1×1 shortcuts, into a multiple of 8 filters. Likewise 1×1 convolutions run as
/// an AVX2/FMA product over weights packed once at load time (4 pixels × 16 filters in registers): OpenBLAS
/// repacked the weights on every call, a third of its time on BlazeFace's thin 96×96 layers, and was slower on
/// every 1×1 shape of BlazeFace full range but one (`scripts/bench-pointwise`). Other convolutions multiply their
/// im2col rows with the same kernel (the emotion CNN's last layer, 3×3 × 128 → 7, took 63 µs per face on sgemm).
///
/// With `residualChannels` (1×1 convolutions only), the step has a second input of that many channels per pixel,
/// added to the first channels of the result before the activation: a residual ADD (and the zero-channel PAD of
/// a widening block) run inside the convolution instead of as a separate pass over memory.
struct ConvolutionOperation: TensorOperation {
    let inputShape: FeatureShape
    let outputShape: FeatureShape
    let padding: KerasPadding
    let rowsGeometry: WindowGeometry
    let columnsGeometry: WindowGeometry
    /// Kernel in Keras order (kh, kw, cin, cout): a (kh·kw·cin) × cout matrix.
    let kernel: [Float]
    let bias: [Float]
    let activation: FusedActivation
    let mayReorderSums: Bool
    let residualChannels: Int?
    private let weights: WeightMatrix
    private let direct: Bool
    /// Set when the packed product kernel runs this convolution: a 1×1 convolution on its input, any other (not
    /// `direct`) on its im2col rows.
    private let packedWeights: PackedPointwiseWeights?

    init(
        inputShape: FeatureShape, kernelSize: (Int, Int), strides: (Int, Int), padding: KerasPadding,
        filters: Int, kernel: [Float], bias: [Float], activation: FusedActivation, mayReorderSums: Bool = false,
        residualChannels: Int? = nil
    ) {
        self.inputShape = inputShape
        self.padding = padding
        rowsGeometry = WindowGeometry(input: inputShape.height, window: kernelSize.0, stride: strides.0, padding: padding)
        columnsGeometry = WindowGeometry(input: inputShape.width, window: kernelSize.1, stride: strides.1, padding: padding)
        outputShape = FeatureShape(height: rowsGeometry.output, width: columnsGeometry.output, channels: filters)
        self.kernel = kernel
        self.bias = bias
        self.activation = activation
        weights = WeightMatrix(rows: kernelSize.0 * kernelSize.1 * inputShape.channels, columns: filters, values: kernel, bias: bias)
        self.mayReorderSums = mayReorderSums
        let pointwise = kernelSize == (1, 1) && strides == (1, 1)
        precondition(residualChannels == nil || (pointwise && residualChannels! <= filters), "a residual needs a 1×1 convolution")
        self.residualChannels = residualChannels
        direct = mayReorderSums && !pointwise && filters % 8 == 0 && (inputShape.channels <= 8 || kernelSize == (1, 1))
            && mmv_has_avx2_fma() != 0
        let packs = mayReorderSums && !direct && (residualChannels ?? 0) % 8 == 0 && mmv_has_avx2_fma() != 0
        packedWeights = packs
            ? PackedPointwiseWeights(kernel: kernel, bias: bias, inputs: weights.rows, outputs: filters) : nil
    }

    /// The same convolution followed by the per-channel affine map y = x·scale + shift (a folded BatchNormalization).
    func foldingAffine(scale: [Float], shift: [Float]) -> ConvolutionOperation {
        precondition(residualChannels == nil, "an affine map after a residual ADD does not fold into the convolution")
        let filters = outputShape.channels
        var folded = kernel
        for index in folded.indices { folded[index] *= scale[index % filters] }
        let foldedBias = (0..<filters).map { bias[$0] * scale[$0] + shift[$0] }
        return with(kernel: folded, bias: foldedBias, activation: activation)
    }

    /// The same convolution with `activation` applied to its output.
    func fusing(_ activation: FusedActivation) -> ConvolutionOperation {
        with(kernel: kernel, bias: bias, activation: activation)
    }

    /// Whether `addingResidual` may take this convolution: 1×1, stride 1, no activation yet, and a residual width
    /// its kernel can add.
    func acceptsResidual(channels: Int) -> Bool {
        isPointwise && activation == .none && residualChannels == nil && channels > 0 && channels <= outputShape.channels
    }

    /// The same convolution followed by adding a second input of `channels` channels per pixel (zero-extended to
    /// the output's channels) and then `activation`.
    func addingResidual(channels: Int, activation: FusedActivation) -> ConvolutionOperation {
        with(kernel: kernel, bias: bias, activation: activation, residualChannels: channels)
    }

    private func with(kernel: [Float], bias: [Float], activation: FusedActivation, residualChannels: Int? = nil) -> ConvolutionOperation {
        ConvolutionOperation(
            inputShape: inputShape, kernelSize: (rowsGeometry.window, columnsGeometry.window),
            strides: (rowsGeometry.stride, columnsGeometry.stride), padding: padding, filters: outputShape.channels, kernel: kernel, bias: bias,
            activation: activation, mayReorderSums: mayReorderSums, residualChannels: residualChannels ?? self.residualChannels)
    }

    private var isPointwise: Bool {
        rowsGeometry.window == 1 && columnsGeometry.window == 1 && rowsGeometry.stride == 1 && columnsGeometry.stride == 1
    }

    var scratchCount: Int { isPointwise || direct ? 0 : outputShape.height * outputShape.width * weights.rows }

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let relu = activation == .relu
        if isPointwise {
            return runPointwise(inputs[0], pixels: batch * inputShape.height * inputShape.width,
                                residual: residualChannels == nil ? nil : inputs[1], into: output)
        }
        if direct {
            for image in 0..<batch {
                runDirect(inputs[0] + image * inputShape.count, rows: 0..<outputShape.height, into: output + image * outputShape.count)
            }
            return
        }
        let pixels = outputShape.height * outputShape.width
        for image in 0..<batch {
            gatherReceptiveFields(of: inputs[0] + image * inputShape.count, into: scratch)
            if let packed = packedWeights {
                mmv_pointwise_conv(scratch, pixels, Int32(weights.rows), packed.pointer, Int32(outputShape.channels),
                                   output + image * outputShape.count, relu ? 1 : 0, nil, 0)
            } else {
                multiply(scratch, rows: pixels, rowStride: weights.rows, by: weights, relu: relu, into: output + image * outputShape.count)
            }
        }
    }

    /// Whether this is a 1×1 convolution on the packed kernel, cheap enough to call once per row of pixels.
    var runsPacked: Bool { isPointwise && packedWeights != nil }

    /// A 1×1 convolution over `pixels` consecutive pixels of `input`, adding the same pixels of `residual` when this
    /// convolution takes one.
    func runPointwise(_ input: UnsafePointer<Float>, pixels: Int, residual: UnsafePointer<Float>?, into output: UnsafeMutablePointer<Float>) {
        precondition(isPointwise && (residual == nil) == (residualChannels == nil))
        let relu = activation == .relu
        if let packed = packedWeights {
            mmv_pointwise_conv(input, pixels, Int32(inputShape.channels), packed.pointer, Int32(outputShape.channels), output,
                               relu ? 1 : 0, residual, Int32(residualChannels ?? 0))
        } else {
            multiply(input, rows: pixels, rowStride: inputShape.channels, by: weights,
                     adding: residual.map { ($0, residualChannels!) }, relu: relu, into: output)
        }
    }

    /// Whether this is a direct (not im2col) convolution, which computes any range of rows on its own.
    var runsDirect: Bool { direct }

    /// Output rows `rows` of one image by the direct kernel, into `output` (where the first of them goes).
    func runDirect(_ input: UnsafePointer<Float>, rows: Range<Int>, into output: UnsafeMutablePointer<Float>) {
        // Row r reads from r · stride − padBefore on: shifting the padding by rows.lowerBound · stride starts at row rows.lowerBound.
        let padTop = rowsGeometry.padBefore - rows.lowerBound * rowsGeometry.stride
        kernel.withUnsafeBufferPointer { kernelBuffer in bias.withUnsafeBufferPointer { biasBuffer in
            mmv_conv_few_channels(
                input, Int32(inputShape.height), Int32(inputShape.width), Int32(inputShape.channels),
                Int32(rowsGeometry.window), Int32(columnsGeometry.window), Int32(rowsGeometry.stride), Int32(columnsGeometry.stride),
                Int32(padTop), Int32(columnsGeometry.padBefore), kernelBuffer.baseAddress, biasBuffer.baseAddress,
                Int32(outputShape.channels), output, Int32(rows.count), Int32(outputShape.width), activation == .relu ? 1 : 0)
        } }
    }

    /// im2col: row (oy·W + ox) holds the kh × kw × cin window under output pixel (oy, ox), zeros in the padding.
    private func gatherReceptiveFields(of image: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels
        let windowRowLength = columnsGeometry.window * channels
        var row = columns
        for oy in 0..<outputShape.height {
            let y0 = rowsGeometry.start(oy)
            for ox in 0..<outputShape.width {
                let x0 = columnsGeometry.start(ox)
                var destination = row
                for ky in 0..<rowsGeometry.window {
                    let y = y0 + ky
                    if y < 0 || y >= inputShape.height {
                        destination.update(repeating: 0, count: windowRowLength)
                    } else if x0 >= 0 && x0 + columnsGeometry.window <= inputShape.width {
                        destination.update(from: image + (y * inputShape.width + x0) * channels, count: windowRowLength)
                    } else {
                        for kx in 0..<columnsGeometry.window {
                            let x = x0 + kx
                            let target = destination + kx * channels
                            if x < 0 || x >= inputShape.width {
                                target.update(repeating: 0, count: channels)
                            } else {
                                target.update(from: image + (y * inputShape.width + x) * channels, count: channels)
                            }
                        }
                    }
                    destination += windowRowLength
                }
                row += weights.rows
            }
        }
    }
}
