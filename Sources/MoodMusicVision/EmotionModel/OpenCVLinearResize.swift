/// `cv2.resize(src, (width, height), interpolation=cv2.INTER_LINEAR)` for 8-bit single-channel images,
/// reproduced bit for bit (checked against OpenCV 4.x on x86-64 by the fixtures).
///
/// OpenCV maps destination pixel d to source coordinate (d + 0.5)·(src/dst) − 0.5 (half-pixel centres),
/// clamps at the borders, and for 8-bit images works in fixed point: weights are rounded to 11 bits
/// (×2048), rows are first interpolated horizontally in exact integers, then vertically with its SIMD
/// kernel's arithmetic ((h >> 4)·w >> 16 per row, summed, then (s + 2) >> 2). An exact 2× downscale in both
/// directions is done as a 2 × 2 box average instead, as OpenCV does.
enum OpenCVLinearResize {
    private static let coefficientScale: Float = 2048  // INTER_RESIZE_COEF_SCALE

    static func resize(_ source: GrayImage, width: Int, height: Int) -> GrayImage {
        precondition(source.width > 0 && source.height > 0 && width > 0 && height > 0)
        if source.width == 2 * width && source.height == 2 * height { return halve(source) }

        let columns = horizontalTaps(source: source.width, destination: width)
        let rows = verticalTaps(source: source.height, destination: height)
        // Horizontally interpolated source rows, scaled by 2048; only the rows some output row reads are computed.
        var horizontal = [Int32](repeating: 0, count: source.height * width)
        var computed = [Bool](repeating: false, count: source.height)
        var output = [UInt8](repeating: 0, count: width * height)
        source.pixels.withUnsafeBufferPointer { pixels in
            func interpolateRow(_ y: Int) {
                guard !computed[y] else { return }
                computed[y] = true
                let row = y * source.width
                for x in 0..<width {
                    let tap = columns[x]
                    var value = Int32(pixels[row + tap.index]) * tap.weight0
                    if tap.weight1 != 0 { value += Int32(pixels[row + tap.index + 1]) * tap.weight1 }
                    horizontal[y * width + x] = value
                }
            }
            for y in 0..<height {
                let tap = rows[y]
                interpolateRow(tap.index)
                interpolateRow(tap.secondIndex)
                for x in 0..<width {
                    // Swift's >> binds tighter than *: the parentheses are OpenCV's order of operations.
                    let top = ((horizontal[tap.index * width + x] >> 4) * tap.weight0) >> 16
                    let bottom = ((horizontal[tap.secondIndex * width + x] >> 4) * tap.weight1) >> 16
                    output[y * width + x] = UInt8(clamping: (top + bottom + 2) >> 2)
                }
            }
        }
        return GrayImage(width: width, height: height, pixels: output)
    }

    /// Which two source samples destination index d blends, with 11-bit weights.
    private struct Tap {
        var index: Int
        var secondIndex: Int
        var weight0: Int32
        var weight1: Int32
    }

    /// Source coordinate of destination index d split into floor and fraction, in OpenCV's float arithmetic.
    private static func sourcePosition(_ d: Int, scale: Double) -> (index: Int, fraction: Float) {
        let position = Float((Double(d) + 0.5) * scale - 0.5)
        let index = Int(position.rounded(.down))
        return (index, position - Float(index))
    }

    private static func fixedPoint(_ weight: Float) -> Int32 {
        Int32((weight * coefficientScale).rounded(.toNearestOrEven))
    }

    /// Horizontal pass: positions left of the first pixel take it alone; at the right border (no second sample)
    /// the last pixel alone with weight 2048 (OpenCV's `xmax` tail).
    private static func horizontalTaps(source: Int, destination: Int) -> [Tap] {
        let scale = 1.0 / (Double(destination) / Double(source))
        return (0..<destination).map { d in
            var (index, fraction) = sourcePosition(d, scale: scale)
            if index < 0 { (index, fraction) = (0, 0) }
            if index + 1 >= source {
                return Tap(index: min(index, source - 1), secondIndex: min(index, source - 1), weight0: 2048, weight1: 0)
            }
            return Tap(index: index, secondIndex: index + 1, weight0: fixedPoint(1 - fraction), weight1: fixedPoint(fraction))
        }
    }

    /// Vertical pass: weights from the unclamped fraction; each of the two rows is clamped into the image.
    private static func verticalTaps(source: Int, destination: Int) -> [Tap] {
        let scale = 1.0 / (Double(destination) / Double(source))
        return (0..<destination).map { d in
            let (index, fraction) = sourcePosition(d, scale: scale)
            return Tap(
                index: min(max(index, 0), source - 1), secondIndex: min(max(index + 1, 0), source - 1),
                weight0: fixedPoint(1 - fraction), weight1: fixedPoint(fraction))
        }
    }

    /// OpenCV's INTER_AREA fast path for exact 2× reductions: rounded mean of each 2 × 2 block.
    private static func halve(_ source: GrayImage) -> GrayImage {
        let width = source.width / 2
        let height = source.height / 2
        var output = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let top = 2 * y * source.width + 2 * x
                let bottom = top + source.width
                let sum = Int(source.pixels[top]) + Int(source.pixels[top + 1]) + Int(source.pixels[bottom]) + Int(source.pixels[bottom + 1])
                output[y * width + x] = UInt8((sum + 2) >> 2)
            }
        }
        return GrayImage(width: width, height: height, pixels: output)
    }
}
