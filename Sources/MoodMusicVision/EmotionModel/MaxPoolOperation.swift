/// Keras MaxPooling2D: the maximum over each window; with `same` padding, positions outside the input are
/// ignored (TensorFlow pads with −∞), so a window never takes a padding value.
struct MaxPoolOperation: TensorOperation {
    let inputShape: FeatureShape
    let outputShape: FeatureShape
    let rowsGeometry: WindowGeometry
    let columnsGeometry: WindowGeometry

    init(inputShape: FeatureShape, poolSize: (Int, Int), strides: (Int, Int), padding: KerasPadding) {
        self.inputShape = inputShape
        rowsGeometry = WindowGeometry(input: inputShape.height, window: poolSize.0, stride: strides.0, padding: padding)
        columnsGeometry = WindowGeometry(input: inputShape.width, window: poolSize.1, stride: strides.1, padding: padding)
        outputShape = FeatureShape(height: rowsGeometry.output, width: columnsGeometry.output, channels: inputShape.channels)
    }

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels
        let vectorChannels = channels / 8 * 8
        for image in 0..<batch {
            let source = inputs[0] + image * inputShape.count
            var destination = output + image * outputShape.count
            for oy in 0..<outputShape.height {
                let y0 = rowsGeometry.start(oy)
                let rows = max(0, y0)..<min(inputShape.height, y0 + rowsGeometry.window)
                for ox in 0..<outputShape.width {
                    let x0 = columnsGeometry.start(ox)
                    let columns = max(0, x0)..<min(inputShape.width, x0 + columnsGeometry.window)
                    var c = 0
                    while c < vectorChannels {
                        var best = SIMD8<Float>(repeating: -.infinity)
                        for y in rows {
                            for x in columns {
                                let pixel = UnsafeRawPointer(source + (y * inputShape.width + x) * channels + c)
                                let value = pixel.loadUnaligned(as: SIMD8<Float>.self)
                                // Not pointwiseMax: the stdlib's generic version is not inlined and dominated run time.
                                best.replace(with: value, where: value .> best)
                            }
                        }
                        UnsafeMutableRawPointer(destination + c).storeBytes(of: best, as: SIMD8<Float>.self)
                        c += 8
                    }
                    while c < channels {
                        var best = -Float.infinity
                        for y in rows {
                            for x in columns { best = max(best, source[(y * inputShape.width + x) * channels + c]) }
                        }
                        destination[c] = best
                        c += 1
                    }
                    destination += channels
                }
            }
        }
    }
}
