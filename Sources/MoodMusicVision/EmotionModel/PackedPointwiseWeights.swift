import CVisionKernels

/// A 1×1 convolution's bias and weights in the panel layout `mmv_pointwise_conv` reads, packed once when the network
/// is built, on a cache line.
///
/// `@unchecked Sendable`: the floats are written only by `init` and read-only afterwards.
final class PackedPointwiseWeights: @unchecked Sendable {
    let pointer: UnsafePointer<Float>

    /// `kernel` is the (inputs × outputs) weight matrix, row-major.
    init(kernel: [Float], bias: [Float], inputs: Int, outputs: Int) {
        precondition(kernel.count == inputs * outputs && bias.count == outputs)
        let count = Int(mmv_pointwise_packed_count(Int32(inputs), Int32(outputs)))
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
        let floats = raw.bindMemory(to: Float.self, capacity: count)
        mmv_pointwise_pack(kernel, bias, Int32(inputs), Int32(outputs), floats)
        pointer = UnsafePointer(floats)
    }

    deinit { UnsafeMutableRawPointer(mutating: pointer).deallocate() }
}
