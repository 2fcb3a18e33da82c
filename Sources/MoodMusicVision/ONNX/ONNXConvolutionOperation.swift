import COpenBLAS

/// ONNX Conv (2-D, any group count, explicit padding) with a folded bias and a fused activation.
///
/// Each group gathers its channels' receptive fields into an im2col matrix in scratch memory and multiplies it
/// by that group's (kh·kw·cin/g) × (cout/g) weight matrix with `cblas_sgemm`, writing its columns of the NHWC
/// output in place. A 1×1, stride-1, unpadded, ungrouped convolution multiplies the input directly.
struct ONNXConvolutionOperation: TensorOperation {
    let inputShape: FeatureShape
    let outputShape: FeatureShape
    let rows: WindowGeometry
    let columns: WindowGeometry
    let groups: Int
    /// Per group, K × N row-major with K ordered (ky, kx, channel) like the im2col rows.
    let groupWeights: [[Float]]
    let bias: [Float]
    let activation: ONNXActivation

    var inputChannelsPerGroup: Int { inputShape.channels / groups }
    var outputChannelsPerGroup: Int { outputShape.channels / groups }
    private var patchLength: Int { rows.window * columns.window * inputChannelsPerGroup }

    /// `weights` in ONNX order (cout, cin/g, kh, kw).
    init(inputShape: FeatureShape, rows: WindowGeometry, columns: WindowGeometry, groups: Int, outputChannels: Int,
         weights: [Float], bias: [Float], activation: ONNXActivation) {
        self.inputShape = inputShape
        self.rows = rows
        self.columns = columns
        self.groups = groups
        outputShape = FeatureShape(height: rows.output, width: columns.output, channels: outputChannels)
        let cg = inputShape.channels / groups, mg = outputChannels / groups
        let (kh, kw) = (rows.window, columns.window)
        groupWeights = (0..<groups).map { group in
            var matrix = [Float](repeating: 0, count: kh * kw * cg * mg)
            for m in 0..<mg {
                for c in 0..<cg {
                    for ky in 0..<kh {
                        for kx in 0..<kw {
                            let source = (((group * mg + m) * cg + c) * kh + ky) * kw + kx
                            matrix[((ky * kw + kx) * cg + c) * mg + m] = weights[source]
                        }
                    }
                }
            }
            return matrix
        }
        self.bias = bias
        self.activation = activation
    }

    private init(copying other: ONNXConvolutionOperation, groupWeights: [[Float]], bias: [Float], activation: ONNXActivation) {
        inputShape = other.inputShape
        outputShape = other.outputShape
        rows = other.rows
        columns = other.columns
        groups = other.groups
        self.groupWeights = groupWeights
        self.bias = bias
        self.activation = activation
    }

    /// The same convolution followed by y = x·scale + shift per output channel (a folded BatchNormalization).
    func foldingAffine(scale: [Float], shift: [Float]) -> ONNXConvolutionOperation? {
        guard activation == .none else { return nil }
        let mg = outputChannelsPerGroup
        let weights = groupWeights.enumerated().map { group, matrix in
            matrix.enumerated().map { index, value in value * scale[group * mg + index % mg] }
        }
        let folded = bias.indices.map { bias[$0] * scale[$0] + shift[$0] }
        return ONNXConvolutionOperation(copying: self, groupWeights: weights, bias: folded, activation: activation)
    }

    func fusing(_ next: ONNXActivation) -> ONNXConvolutionOperation? {
        guard let combined = activation.then(next) else { return nil }
        return ONNXConvolutionOperation(copying: self, groupWeights: groupWeights, bias: bias, activation: combined)
    }

    private var isDirect: Bool {
        groups == 1 && rows.window == 1 && columns.window == 1 && rows.stride == 1 && columns.stride == 1
            && rows.padBefore == 0 && columns.padBefore == 0 && rows.output == inputShape.height && columns.output == inputShape.width
    }

    var scratchCount: Int { isDirect ? 0 : outputShape.height * outputShape.width * patchLength }

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        _ = blasSingleThreaded
        let m = outputShape.channels, mg = outputChannelsPerGroup
        let pixels = outputShape.height * outputShape.width
        let total = batch * pixels
        bias.withUnsafeBufferPointer { bias in
            for pixel in 0..<total { (output + pixel * m).update(from: bias.baseAddress!, count: m) }
        }
        if isDirect {
            groupWeights[0].withUnsafeBufferPointer { w in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(total), Int32(m), Int32(inputShape.channels),
                            1, inputs[0], Int32(inputShape.channels), w.baseAddress, Int32(m), 1, output, Int32(m))
            }
        } else {
            for image in 0..<batch {
                for group in 0..<groups {
                    gather(inputs[0] + image * inputShape.count, group: group, into: scratch)
                    groupWeights[group].withUnsafeBufferPointer { w in
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(pixels), Int32(mg), Int32(patchLength),
                                    1, scratch, Int32(patchLength), w.baseAddress, Int32(mg),
                                    1, output + image * outputShape.count + group * mg, Int32(m))
                    }
                }
            }
        }
        activation.apply(output, count: total * m)
    }

    /// im2col for one group: row (oy·W + ox) holds the kh × kw × (cin/g) window under that output pixel, zeros
    /// in the padding.
    private func gather(_ image: UnsafePointer<Float>, group: Int, into matrix: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels, cg = inputChannelsPerGroup
        let firstChannel = group * cg
        var destination = matrix
        for oy in 0..<outputShape.height {
            let y0 = rows.start(oy)
            for ox in 0..<outputShape.width {
                let x0 = columns.start(ox)
                for ky in 0..<rows.window {
                    let y = y0 + ky
                    if y < 0 || y >= inputShape.height {
                        destination.update(repeating: 0, count: columns.window * cg)
                    } else if groups == 1 && x0 >= 0 && x0 + columns.window <= inputShape.width {
                        destination.update(from: image + (y * inputShape.width + x0) * channels, count: columns.window * channels)
                    } else {
                        for kx in 0..<columns.window {
                            let x = x0 + kx
                            if x < 0 || x >= inputShape.width {
                                (destination + kx * cg).update(repeating: 0, count: cg)
                            } else {
                                (destination + kx * cg).update(from: image + (y * inputShape.width + x) * channels + firstChannel, count: cg)
                            }
                        }
                    }
                    destination += columns.window * cg
                }
            }
        }
    }
}

/// OpenBLAS is told once to use the calling thread only: inference is single-core by design.
let blasSingleThreaded: Void = openblas_set_num_threads(1)
