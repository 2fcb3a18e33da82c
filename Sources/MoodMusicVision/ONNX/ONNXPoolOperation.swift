/// ONNX MaxPool and AveragePool over 2-D windows with explicit padding.
///
/// Padding never wins a maximum. An average divides by the window's positions inside the input, or, with
/// `count_include_pad`, by its positions inside the padded input (a ceil-mode window that runs past the
/// trailing padding counts only up to it, as onnxruntime does).
struct ONNXPoolOperation: TensorOperation {
    enum Kind: Sendable { case max, average(countIncludePad: Bool) }

    let kind: Kind
    let inputShape: FeatureShape
    let outputShape: FeatureShape
    let rows: WindowGeometry
    let columns: WindowGeometry
    let rowsPadAfter: Int
    let columnsPadAfter: Int

    init(kind: Kind, inputShape: FeatureShape, rows: WindowGeometry, columns: WindowGeometry, rowsPadAfter: Int, columnsPadAfter: Int) {
        self.kind = kind
        self.inputShape = inputShape
        self.rows = rows
        self.columns = columns
        self.rowsPadAfter = rowsPadAfter
        self.columnsPadAfter = columnsPadAfter
        outputShape = FeatureShape(height: rows.output, width: columns.output, channels: inputShape.channels)
    }

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels
        for image in 0..<batch {
            let source = inputs[0] + image * inputShape.count
            var destination = output + image * outputShape.count
            for oy in 0..<outputShape.height {
                let y0 = rows.start(oy)
                let yRange = clampedRange(-y0, rows.window, inputShape.height - y0)
                let paddedRows = min(y0 + rows.window, inputShape.height + rowsPadAfter) - y0
                for ox in 0..<outputShape.width {
                    let x0 = columns.start(ox)
                    let xRange = clampedRange(-x0, columns.window, inputShape.width - x0)
                    switch kind {
                    case .max:
                        destination.update(repeating: -.infinity, count: channels)
                        for ky in yRange {
                            for kx in xRange {
                                let pixel = source + ((y0 + ky) * inputShape.width + x0 + kx) * channels
                                for c in 0..<channels where pixel[c] > destination[c] || pixel[c].isNaN { destination[c] = pixel[c] }
                            }
                        }
                    case .average(let countIncludePad):
                        destination.update(repeating: 0, count: channels)
                        for ky in yRange {
                            for kx in xRange {
                                let pixel = source + ((y0 + ky) * inputShape.width + x0 + kx) * channels
                                for c in 0..<channels { destination[c] += pixel[c] }
                            }
                        }
                        let paddedColumns = min(x0 + columns.window, inputShape.width + columnsPadAfter) - x0
                        let divisor = countIncludePad ? paddedRows * paddedColumns : yRange.count * xRange.count
                        let count = Float(max(divisor, 1))
                        for c in 0..<channels { destination[c] /= count }
                    }
                    destination += channels
                }
            }
        }
    }
}
