/// An activation applied in place by the operation that produces a tensor (Relu and Clip fused at load).
enum ONNXActivation: Sendable, Equatable {
    case none
    case relu
    case clip(lower: Float, upper: Float)

    /// This activation followed by `next`, when the pair is again one of the cases.
    func then(_ next: ONNXActivation) -> ONNXActivation? {
        switch (self, next) {
        case (.none, _): return next
        case (_, .none): return self
        case (.relu, .relu): return .relu
        case (.relu, .clip(let lower, let upper)): return .clip(lower: max(lower, 0), upper: max(upper, 0))
        case (.clip(let lower, let upper), .relu): return .clip(lower: max(lower, 0), upper: max(upper, 0))
        case (.clip(let l1, let u1), .clip(let l2, let u2)):
            return .clip(lower: min(max(l1, l2), u2), upper: min(max(u1, l2), u2))
        }
    }

    func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .none:
            return
        case .relu:
            for index in 0..<count where values[index] < 0 { values[index] = 0 }
        case .clip(let lower, let upper):
            // NaN stays NaN, as in onnxruntime.
            for index in 0..<count {
                let value = values[index]
                if value < lower { values[index] = lower } else if value > upper { values[index] = upper }
            }
        }
    }
}

/// Relu or Clip that could not be fused into its producer.
struct ONNXActivationOperation: TensorOperation {
    let outputShape: FeatureShape
    let activation: ONNXActivation

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let count = batch * outputShape.count
        output.update(from: inputs[0], count: count)
        activation.apply(output, count: count)
    }
}
