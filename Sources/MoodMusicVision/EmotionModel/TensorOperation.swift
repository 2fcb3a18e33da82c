/// One step of the compiled network: reads one or more NHWC float tensors of `batch` images and writes one.
///
/// Operations are immutable after loading and shared by concurrent `predict` calls; all mutable state lives in
/// the caller's buffers.
protocol TensorOperation: Sendable {
    var outputShape: FeatureShape { get }
    /// Floats of scratch memory `run` needs (independent of the batch size).
    var scratchCount: Int { get }
    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>)
}

extension TensorOperation {
    var scratchCount: Int { 0 }
}

/// An activation folded into the operation that produces a tensor.
enum FusedActivation: Sendable {
    case none, relu
}
