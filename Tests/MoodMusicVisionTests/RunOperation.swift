@testable import MoodMusicVision

/// Runs one operation on images held in arrays (batch × the input shape each) and returns its output.
func run(_ operation: any TensorOperation, _ inputs: [[Float]], batch: Int = 1) -> [Float] {
    withBuffers(for: operation, inputs, outputCount: operation.outputShape.count * batch) { inputs, output, scratch in
        operation.run(inputs, into: output, batch: batch, scratch: scratch)
    }
}

/// `body` with `inputs` copied to pointers and NaN-filled output and scratch buffers; returns the output.
func withBuffers(for operation: any TensorOperation, _ inputs: [[Float]], outputCount: Int,
                 _ body: ([UnsafePointer<Float>], UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
    var output = [Float](repeating: .nan, count: outputCount)
    var scratch = [Float](repeating: .nan, count: max(1, operation.scratchCount))
    let pointers = inputs.map { input in
        let pointer = UnsafeMutablePointer<Float>.allocate(capacity: input.count)
        pointer.initialize(from: input, count: input.count)
        return pointer
    }
    defer { pointers.forEach { $0.deallocate() } }
    output.withUnsafeMutableBufferPointer { out in
        scratch.withUnsafeMutableBufferPointer { scr in
            body(pointers.map { UnsafePointer($0) }, out.baseAddress!, scr.baseAddress!)
        }
    }
    return output
}
