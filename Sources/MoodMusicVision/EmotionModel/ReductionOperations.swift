import Foundation

/// Keras GlobalAveragePooling2D: the mean of each channel over all pixels; output shape 1 × 1 × C.
struct GlobalAveragePoolOperation: TensorOperation {
    let inputShape: FeatureShape
    var outputShape: FeatureShape { FeatureShape(height: 1, width: 1, channels: inputShape.channels) }

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels
        let pixels = inputShape.height * inputShape.width
        for image in 0..<batch {
            let source = inputs[0] + image * inputShape.count
            let destination = output + image * channels
            destination.update(repeating: 0, count: channels)
            for pixel in 0..<pixels {
                for c in 0..<channels { destination[c] += source[pixel * channels + c] }
            }
            for c in 0..<channels { destination[c] /= Float(pixels) }
        }
    }
}

/// Keras Activation('softmax') over the channel (last) axis of every pixel.
struct SoftmaxOperation: TensorOperation {
    let outputShape: FeatureShape

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let channels = outputShape.channels
        for vector in 0..<(batch * outputShape.height * outputShape.width) {
            let source = inputs[0] + vector * channels
            let destination = output + vector * channels
            var largest = -Float.infinity
            for c in 0..<channels { largest = max(largest, source[c]) }
            var total: Float = 0
            for c in 0..<channels {
                destination[c] = exp(source[c] - largest)
                total += destination[c]
            }
            for c in 0..<channels { destination[c] /= total }
        }
    }
}
