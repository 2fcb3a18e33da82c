import CVisionKernels

/// An operation that computes each output row of an image from a window of rows of each input, the same way for
/// every row: two output rows whose windows hold the same values come out equal, bit for bit. `Network` relies on
/// that to compute one row of a run of equal rows (`UniformRows`) and copy it to the others.
protocol RowWiseOperation: TensorOperation {
    /// Whether this instance computes its rows independently (a convolution through im2col and OpenBLAS does not).
    var runsByRows: Bool { get }
    /// The rows of input `input` that output row `row` reads; they may reach past `0..<height` into the padding.
    func inputRows(_ input: Int, forOutputRow row: Int) -> Range<Int>
    /// Output rows `rows` of one image: the floats `run` writes there.
    func runRows(_ rows: Range<Int>, of inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>)
}

extension WindowGeometry {
    /// The input rows (or columns) output `index` reads.
    func window(_ index: Int) -> Range<Int> { start(index)..<(start(index) + window) }
}

extension ConvolutionOperation: RowWiseOperation {
    var runsByRows: Bool { runsPacked || runsDirect }

    func inputRows(_ input: Int, forOutputRow row: Int) -> Range<Int> {
        input == 0 ? rowsGeometry.window(row) : row..<(row + 1)
    }

    func runRows(_ rows: Range<Int>, of inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        precondition(runsByRows)
        let width = outputShape.width
        let out = output + rows.lowerBound * width * outputShape.channels
        if runsDirect {
            return runDirect(inputs[0], rows: rows, into: out)
        }
        let residual = residualChannels.map { inputs[1] + rows.lowerBound * width * $0 }
        runPointwise(inputs[0] + rows.lowerBound * width * inputShape.channels, pixels: rows.count * width, residual: residual, into: out)
    }
}

extension DepthwisePointwiseOperation: RowWiseOperation {
    var runsByRows: Bool { true }

    func inputRows(_ input: Int, forOutputRow row: Int) -> Range<Int> {
        input == 0 ? depthwise.rowsGeometry.window(row) : row..<(row + 1)
    }
}

extension MaxPoolOperation: RowWiseOperation {
    var runsByRows: Bool { true }

    func inputRows(_ input: Int, forOutputRow row: Int) -> Range<Int> { rowsGeometry.window(row) }

    func runRows(_ rows: Range<Int>, of inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        pool(inputs[0], rows: rows, into: output + rows.lowerBound * outputShape.width * outputShape.channels)
    }
}

extension FusedAddOperation: RowWiseOperation {
    var runsByRows: Bool { true }

    func inputRows(_ input: Int, forOutputRow row: Int) -> Range<Int> { row..<(row + 1) }

    func runRows(_ rows: Range<Int>, of inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let width = outputShape.width, first = rows.lowerBound * width
        add(inputs[0] + first * outputShape.channels, inputs[1] + first * (narrowChannels ?? outputShape.channels),
            pixels: rows.count * width, into: output + first * outputShape.channels)
    }
}
