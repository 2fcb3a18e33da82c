/// A depthwise convolution and the 1×1 convolution that alone reads its output, run one output row at a time: each
/// depthwise row goes from L1 straight into the 1×1 product instead of out to memory as a whole map and back.
///
/// Every row is computed by the same kernels, summing in the same order, so the floats are those of the two steps
/// run one after the other (`DepthwisePointwiseFusionTests`).
struct DepthwisePointwiseOperation: TensorOperation {
    let depthwise: DepthwiseConvolutionOperation
    let pointwise: ConvolutionOperation

    init(depthwise: DepthwiseConvolutionOperation, pointwise: ConvolutionOperation) {
        precondition(pointwise.runsPacked && depthwise.outputShape.count == pointwise.outputShape.height * pointwise.outputShape.width
            * depthwise.outputShape.channels)
        self.depthwise = depthwise
        self.pointwise = pointwise
    }

    var outputShape: FeatureShape { pointwise.outputShape }

    /// One depthwise row, rounded up to a cache line so the depthwise scratch after it starts on one.
    private var rowFloats: Int { (depthwise.outputShape.width * depthwise.outputShape.channels + 15) / 16 * 16 }

    var scratchCount: Int { rowFloats + depthwise.scratchCount }

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let residualCount = outputShape.height * outputShape.width * (pointwise.residualChannels ?? 0)
        for image in 0..<batch {
            let imageInputs = [inputs[0] + image * depthwise.inputShape.count] + inputs.dropFirst().map { $0 + image * residualCount }
            runRows(0..<outputShape.height, of: imageInputs, into: output + image * outputShape.count, scratch: scratch)
        }
    }

    /// Output rows `rows` of one image.
    func runRows(_ rows: Range<Int>, of inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let row = scratch, depthwiseScratch = scratch + rowFloats
        let width = depthwise.outputShape.width, filters = outputShape.channels
        let residualChannels = pointwise.residualChannels ?? 0
        let residual = inputs.count > 1 ? inputs[1] : nil
        for oy in rows {
            depthwise.runRow(oy, of: inputs[0], into: row, scratch: depthwiseScratch)
            pointwise.runPointwise(row, pixels: width, residual: residual.map { $0 + oy * width * residualChannels },
                                   into: output + oy * width * filters)
        }
    }
}

extension Network {
    /// `steps` with each depthwise convolution whose only reader is a 1×1 convolution on the packed kernel (as its
    /// first input) folded into that reader as one `DepthwisePointwiseOperation`. Tensors are written once, so the
    /// depthwise step may move forward to its reader: its input is still intact there.
    static func fusingDepthwiseIntoPointwise(_ steps: [Step], networkOutput: Int) -> [Step] {
        var readers: [Int: [Int]] = [:]
        for (index, step) in steps.enumerated() {
            for tensor in step.inputs { readers[tensor, default: []].append(index) }
        }
        var fusedInto: [Int: Int] = [:]
        for (index, step) in steps.enumerated() where step.operation is DepthwiseConvolutionOperation && step.output != networkOutput {
            guard let only = readers[step.output], only.count == 1, let reader = only.first,
                (steps[reader].operation as? ConvolutionOperation)?.runsPacked == true,
                steps[reader].inputs.first == step.output, !steps[reader].inputs.dropFirst().contains(step.output)
            else { continue }
            fusedInto[reader] = index
        }
        let absorbed = Set(fusedInto.values)
        return steps.enumerated().compactMap { index, step in
            if absorbed.contains(index) { return nil }
            guard let source = fusedInto[index] else { return step }
            let depthwise = steps[source]
            return Step(
                operation: DepthwisePointwiseOperation(depthwise: depthwise.operation as! DepthwiseConvolutionOperation,
                                                       pointwise: step.operation as! ConvolutionOperation),
                inputs: depthwise.inputs + step.inputs.dropFirst(), output: step.output)
        }
    }
}
