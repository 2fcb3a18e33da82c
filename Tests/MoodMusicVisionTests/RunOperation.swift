@testable import MoodMusicVision

/// Runs one operation on images held in arrays (batch × the input shape each) and returns its output.
func run(_ operation: any TensorOperation, _ inputs: [[Float]], batch: Int = 1) -> [Float] {
    var output = [Float](repeating: .nan, count: operation.outputShape.count * batch)
    var scratch = [Float](repeating: .nan, count: max(1, operation.scratchCount))
    let pointers = inputs.map { input in
        let pointer = UnsafeMutablePointer<Float>.allocate(capacity: input.count)
        pointer.initialize(from: input, count: input.count)
        return pointer
    }
    defer { pointers.forEach { $0.deallocate() } }
    output.withUnsafeMutableBufferPointer { out in
        scratch.withUnsafeMutableBufferPointer { scr in
            operation.run(pointers.map { UnsafePointer($0) }, into: out.baseAddress!, batch: batch, scratch: scr.baseAddress!)
        }
    }
    return output
}
