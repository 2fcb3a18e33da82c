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
            pool(inputs[0] + image * inputShape.count, rows: 0..<outputShape.height, into: output + image * outputShape.count)
        }
    }

    /// Output rows `rows` of one image into `output` (where the first of them goes).
    func pool(_ input: UnsafePointer<Float>, rows: Range<Int>, into output: UnsafeMutablePointer<Float>) {
        // Row r reads from r · stride − padBefore on: shifting the padding by rows.lowerBound · stride starts at row rows.lowerBound.
        mmv_max_pool(input, Int32(inputShape.height), Int32(inputShape.width), Int32(inputShape.channels), Int32(rowsGeometry.window),
                     Int32(columnsGeometry.window), Int32(rowsGeometry.stride), Int32(columnsGeometry.stride),
                     Int32(rowsGeometry.padBefore - rows.lowerBound * rowsGeometry.stride), Int32(columnsGeometry.padBefore), output,
                     Int32(rows.count), Int32(outputShape.width))
    }
}
