import CVisionKernels

/// Keras MaxPooling2D: the maximum over each window; with `same` padding, positions outside the input are
/// ignored (TensorFlow pads with −∞), so a window never takes a padding value. The loop is C (`mmv_max_pool`, AVX
/// when the CPU has it): Swift's SIMD8 compare-and-replace compiled to twice the instructions on baseline x86-64.
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
        for image in 0..<batch {
            mmv_max_pool(inputs[0] + image * inputShape.count, Int32(inputShape.height), Int32(inputShape.width),
                         Int32(inputShape.channels), Int32(rowsGeometry.window), Int32(columnsGeometry.window),
                         Int32(rowsGeometry.stride), Int32(columnsGeometry.stride), Int32(rowsGeometry.padBefore),
                         Int32(columnsGeometry.padBefore), output + image * outputShape.count, Int32(outputShape.height),
                         Int32(outputShape.width))
        }
    }
}
