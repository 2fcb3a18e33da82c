/// Gemm, or MatMul by a constant (plus a folded Add of a constant bias): y = x · W + b on [N, K] → [N, M].
struct ONNXDenseOperation: TensorOperation {
    let weights: WeightMatrix
    let activation: ONNXActivation

    var outputShape: FeatureShape { FeatureShape(height: 1, width: 1, channels: weights.columns) }

    func addingBias(_ extra: [Float]) -> Self? {
        guard activation == .none else { return nil }
        let bias = weights.bias.indices.map { weights.bias[$0] + extra[$0] }
        return Self(weights: WeightMatrix(rows: weights.rows, columns: weights.columns, values: weights.values, bias: bias), activation: .none)
    }

    func fusing(_ next: ONNXActivation) -> Self? {
        activation.then(next).map { Self(weights: weights, activation: $0) }
    }

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        multiply(inputs[0], rows: batch, rowStride: weights.rows, by: weights, relu: false, into: output)
        activation.apply(output, count: batch * weights.columns)
    }
}
