import Foundation
import CVisionKernels
import Testing

@testable import MoodMusicVision

/// The hand-vectorised kernels against their plain definitions, on shapes that hit every path: interior runs
/// and edges, strides 1 and 2, 'same' and 'valid', channel counts that are not multiples of 8 or 4, batches.
struct FastKernelTests {
    /// bias + Σ taps inside the input, in row-major tap order: the order the kernels promise.
    private func naiveDepthwise(_ op: DepthwiseConvolutionOperation, _ input: [Float], batch: Int) -> [Float] {
        let (ins, outs, rows, cols) = (op.inputShape, op.outputShape, op.rowsGeometry, op.columnsGeometry)
        var result: [Float] = []
        for image in 0..<batch {
            for oy in 0..<outs.height {
                for ox in 0..<outs.width {
                    for c in 0..<ins.channels {
                        var sum = op.bias[c]
                        for ky in 0..<rows.window {
                            for kx in 0..<cols.window {
                                let y = rows.start(oy) + ky, x = cols.start(ox) + kx
                                guard y >= 0, y < ins.height, x >= 0, x < ins.width else { continue }
                                sum += input[image * ins.count + (y * ins.width + x) * ins.channels + c] * op.kernel[(ky * cols.window + kx) * ins.channels + c]
                            }
                        }
                        result.append(op.activation == .relu ? max(sum, 0) : sum)
                    }
                }
            }
        }
        return result
    }

    @Test func depthwiseEqualsItsDefinitionExactly() {
        let cases: [(h: Int, w: Int, c: Int, k: Int, s: Int, padding: KerasPadding, relu: Bool)] = [
            (7, 9, 12, 3, 1, .same, true), (8, 8, 16, 3, 2, .same, false), (6, 5, 3, 3, 1, .valid, true),
            (9, 7, 20, 5, 1, .same, true), (10, 10, 8, 5, 2, .same, false), (2, 2, 4, 3, 1, .same, true), (5, 6, 13, 3, 2, .valid, false),
            // Over 1024 output pixels: interior runs in C plus bounds-checked edges instead of a zero-bordered copy.
            (40, 36, 12, 3, 1, .same, true), (70, 66, 8, 3, 2, .same, false), (41, 37, 5, 3, 2, .valid, true),
            // 64 channels or more, or stride 2: channels innermost, two pixels per step (odd rows leave one over).
            (34, 33, 72, 3, 1, .same, true), (33, 35, 68, 3, 1, .same, false), (37, 36, 24, 3, 2, .same, true),
        ]
        for t in cases {
            let shape = FeatureShape(height: t.h, width: t.w, channels: t.c)
            let kernel = (0..<(t.k * t.k * t.c)).map { sin(Float($0) * 0.37) }
            let bias = (0..<t.c).map { Float($0) * 0.05 - 0.2 }
            let op = DepthwiseConvolutionOperation(inputShape: shape, kernelSize: (t.k, t.k), strides: (t.s, t.s), padding: t.padding,
                                                   kernel: kernel, bias: bias, activation: t.relu ? .relu : .none)
            let input = (0..<(2 * shape.count)).map { cos(Float($0) * 0.11) }
            #expect(run(op, [input], batch: 2) == naiveDepthwise(op, input, batch: 2), "\(t)")
        }
    }

    @Test func maxPoolEqualsItsDefinition() {
        // 8-channel blocks with AVX plus a scalar tail; 'same' windows cut by the border; a NaN never wins.
        let cases: [(h: Int, w: Int, c: Int, k: Int, s: Int, padding: KerasPadding)] = [
            (60, 60, 16, 2, 2, .valid), (15, 15, 64, 3, 2, .same), (9, 7, 13, 3, 2, .same), (4, 5, 3, 2, 1, .valid), (7, 7, 20, 3, 1, .same),
        ]
        for t in cases {
            let shape = FeatureShape(height: t.h, width: t.w, channels: t.c)
            let pool = MaxPoolOperation(inputShape: shape, poolSize: (t.k, t.k), strides: (t.s, t.s), padding: t.padding)
            var input = (0..<(2 * shape.count)).map { sin(Float($0) * 0.61) * 3 }
            for index in stride(from: 5, to: input.count, by: 17) { input[index] = .nan }
            var expected: [Float] = []
            let (rows, cols, out) = (pool.rowsGeometry, pool.columnsGeometry, pool.outputShape)
            for image in 0..<2 {
                for oy in 0..<out.height {
                    for ox in 0..<out.width {
                        for c in 0..<t.c {
                            var best = -Float.infinity
                            for y in max(0, rows.start(oy))..<min(t.h, rows.start(oy) + t.k) {
                                for x in max(0, cols.start(ox))..<min(t.w, cols.start(ox) + t.k) {
                                    let value = input[image * shape.count + (y * t.w + x) * t.c + c]
                                    if value > best { best = value }
                                }
                            }
                            expected.append(best)
                        }
                    }
                }
            }
            let actual = run(pool, [input], batch: 2)
            #expect(actual.count == expected.count && !actual.contains { $0.isNaN }, "\(t)")
            #expect(zip(actual, expected).allSatisfy { $0 == $1 }, "\(t)")
        }
    }

    @Test func directFewChannelConvolutionMatchesIm2col() {
        // 32 filters: blocks of 2 pixels × 32; 16: 4 × 16; 8 and 24: 8 × 8; rows whose width is not a multiple of
        // the block; the emotion CNN's 'valid' 3 × 3 layers and its strided 1 × 1 shortcuts; and, not direct, im2col
        // rows through the packed product kernel (the emotion CNN's last layer, 3 × 3 × 128 → 7; 16 → 12).
        let cases: [(h: Int, w: Int, c: Int, k: Int, s: Int, filters: Int, padding: KerasPadding)] = [
            (12, 10, 3, 3, 2, 32, .same), (9, 11, 1, 5, 1, 64, .same), (7, 7, 4, 3, 1, 32, .same), (14, 13, 1, 3, 1, 8, .valid),
            (10, 19, 8, 3, 1, 8, .valid), (11, 9, 8, 1, 2, 16, .valid), (9, 10, 5, 3, 2, 24, .same), (6, 7, 64, 1, 2, 128, .same),
            (4, 4, 128, 3, 1, 7, .same), (7, 6, 16, 3, 2, 12, .same),
        ]
        for (h, w, c, k, s, filters, padding) in cases {
            let shape = FeatureShape(height: h, width: w, channels: c)
            let kernel = (0..<(k * k * c * filters)).map { sin(Float($0) * 0.23) }
            let bias = (0..<filters).map { Float($0) * 0.01 - 0.1 }
            let input = (0..<shape.count).map { cos(Float($0) * 0.17) }
            let reference = ConvolutionOperation(inputShape: shape, kernelSize: (k, k), strides: (s, s), padding: padding,
                                                 filters: filters, kernel: kernel, bias: bias, activation: .relu)
            let direct = ConvolutionOperation(inputShape: shape, kernelSize: (k, k), strides: (s, s), padding: padding,
                                              filters: filters, kernel: kernel, bias: bias, activation: .relu, mayReorderSums: true)
            let expected = run(reference, [input]), actual = run(direct, [input])
            #expect(actual.count == expected.count)
            for (a, b) in zip(actual, expected) { #expect(abs(a - b) <= 1e-5 * max(1, abs(b))) }
        }
    }

    @Test func directPointwiseConvolutionMatchesSgemm() {
        // 2 × 7 × 3 = 42 pixels: blocks of four (of eight with 8 filters) and single pixels; 24 and 40 filters: 16-wide panels
        // plus an 8-wide one; 12, 36 and 1 filters: a zero-padded last panel whose extra columns are not stored;
        // 8 filters: eight pixels per tile; 384 × 96 weights (144 KiB): larger than L1.
        for (channels, filters) in [(8, 32), (12, 24), (32, 8), (5, 40), (96, 64), (160, 48), (5, 12), (40, 36), (48, 1),
                                    (384, 96)] {
            let shape = FeatureShape(height: 7, width: 3, channels: channels)
            let kernel = (0..<(channels * filters)).map { sin(Float($0) * 0.31) }
            let bias = (0..<filters).map { Float($0) * 0.02 - 0.2 }
            let input = (0..<(2 * shape.count)).map { cos(Float($0) * 0.13) }
            for activation in [FusedActivation.none, .relu] {
                let reference = ConvolutionOperation(inputShape: shape, kernelSize: (1, 1), strides: (1, 1), padding: .valid,
                                                     filters: filters, kernel: kernel, bias: bias, activation: activation)
                let direct = ConvolutionOperation(inputShape: shape, kernelSize: (1, 1), strides: (1, 1), padding: .valid,
                                                  filters: filters, kernel: kernel, bias: bias, activation: activation, mayReorderSums: true)
                let expected = run(reference, [input], batch: 2), actual = run(direct, [input], batch: 2)
                #expect(actual.count == expected.count)
                for (a, b) in zip(actual, expected) { #expect(abs(a - b) <= 1e-5 * max(1, abs(b))) }
            }
        }
    }

    @Test func residualInsideAConvolutionEqualsConvolutionThenAdd() {
        // With reordered sums on the packed 1×1 kernel (5 × 12: a zero-padded last panel), otherwise on sgemm;
        // residuals as wide as the output and narrower (a widening block's zero-channel PAD).
        for (channels, filters, residual) in [(8, 32, 32), (32, 48, 32), (128, 96, 64), (128, 96, 96), (5, 12, 12), (16, 24, 8)] {
            let shape = FeatureShape(height: 5, width: 3, channels: channels)
            let kernel = (0..<(channels * filters)).map { sin(Float($0) * 0.29) }
            let bias = (0..<filters).map { Float($0) * 0.03 - 0.3 }
            let input = (0..<(2 * shape.count)).map { cos(Float($0) * 0.19) }
            let shortcut = (0..<(2 * 15 * residual)).map { sin(Float($0) * 0.7) }
            for reorder in [false, true] {
                for activation in [FusedActivation.none, .relu] {
                    let plain = ConvolutionOperation(inputShape: shape, kernelSize: (1, 1), strides: (1, 1), padding: .valid,
                                                     filters: filters, kernel: kernel, bias: bias, activation: .none, mayReorderSums: reorder)
                    #expect(plain.acceptsResidual(channels: residual))
                    let add = FusedAddOperation(outputShape: plain.outputShape, activation: activation,
                                                narrowChannels: residual == filters ? nil : residual)
                    let expected = run(add, [run(plain, [input], batch: 2), shortcut], batch: 2)
                    let actual = run(plain.addingResidual(channels: residual, activation: activation), [input, shortcut], batch: 2)
                    #expect(actual.count == expected.count)
                    for (a, b) in zip(actual, expected) { #expect(abs(a - b) <= 1e-5 * max(1, abs(b)), "\(channels)×\(filters)+\(residual)") }
                }
            }
        }
    }

    @Test func addWithANarrowInputEqualsPadThenAdd() {
        let wide = FeatureShape(height: 3, width: 4, channels: 12), narrow = FeatureShape(height: 3, width: 4, channels: 8)
        let a = (0..<(2 * wide.count)).map { sin(Float($0)) }, b = (0..<(2 * narrow.count)).map { cos(Float($0) * 1.3) }
        let pad = PadOperation(inputShape: narrow, top: 0, bottom: 0, left: 0, right: 0, channelsBefore: 0, channelsAfter: 4)
        #expect(pad.widensChannelsOnly)
        for activation in [FusedActivation.none, .relu] {
            let padded = run(pad, [b], batch: 2)
            let separate = run(FusedAddOperation(outputShape: wide, activation: activation), [a, padded], batch: 2)
            let folded = run(FusedAddOperation(outputShape: wide, activation: activation, narrowChannels: 8), [a, b], batch: 2)
            #expect(folded == separate)
        }
    }

    /// The letterbox as written first: each output sums only the taps that fall inside the picture.
    private func definitionLetterbox(_ image: RGBImage, size: Int) -> [Float] {
        let (_, offsetX, offsetY, side) = LetterboxResampler.padding(width: image.width, height: image.height)
        let taps = LetterboxResampler.taps(source: side, target: size), width = taps.width
        var rows = [SIMD4<Float>](repeating: .zero, count: image.height * size)
        for y in 0..<image.height {
            let line = (0..<image.width).map { x in
                SIMD4(Float(image.pixels[(y * image.width + x) * 3]), Float(image.pixels[(y * image.width + x) * 3 + 1]),
                      Float(image.pixels[(y * image.width + x) * 3 + 2]), 0)
            }
            for j in 0..<size {
                let first = taps.first[j] - offsetX, lo = max(0, -first)
                var sum = SIMD4<Float>()
                for t in lo..<max(lo, min(width, image.width - first)) { sum += line[first + t] * taps.weights[j * width + t] }
                rows[y * size + j] = LetterboxResampler.roundedToByte(sum)
            }
        }
        var out: [Float] = []
        for i in 0..<size {
            let first = taps.first[i] - offsetY, lo = max(0, -first), hi = max(lo, min(width, image.height - first))
            for j in 0..<size {
                var sum = SIMD4<Float>()
                for t in lo..<hi { sum += rows[(first + t) * size + j] * taps.weights[i * width + t] }
                let value = LetterboxResampler.roundedToByte(sum) * (2 / 255) - 1
                out += [value[0], value[1], value[2]]
            }
        }
        return out
    }

    @Test func letterboxEqualsItsDefinitionExactly() {
        let buffers = LetterboxResampler.Buffers()  // shared, as the detector does, across sizes that grow and shrink
        for (width, height, size) in [(320, 240, 192), (240, 180, 192), (101, 233, 128), (192, 192, 192), (640, 37, 128), (50, 60, 128), (331, 250, 192)] {
            let pixels = (0..<(width * height * 3)).map { UInt8(truncatingIfNeeded: ($0 * 7919) >> 3 ^ $0 % 251) }
            let image = RGBImage(width: width, height: height, pixels: pixels)
            var actual = [Float](repeating: .nan, count: size * size * 3)
            _ = actual.withUnsafeMutableBufferPointer { LetterboxResampler.fill(image, size: size, into: $0.baseAddress!, buffers: buffers) }
            #expect(actual == definitionLetterbox(image, size: size), "\(width)×\(height) → \(size)")
        }
    }

    @Test func letterboxRoundingEqualsRoundedThenClamped() {
        var values: [Float] = [-3, -0.5, -0.4, 0, 0.49999997, 0.5, 1.5, 2.5, 2.4999998, 254.5, 254.49998, 255.2, 255.5, 256, 300, 1e9]
        values += (0..<4000).map { Float($0) * 0.0625 + 0.03125 }
        for value in values {
            let expected = Swift.min(Swift.max(value.rounded(.toNearestOrAwayFromZero), 0), 255)
            #expect(LetterboxResampler.roundedToByte(SIMD4(repeating: value))[0] == expected, "\(value)")
            // The C kernels' copy of the rounding.
            var rounded = [Float](repeating: .nan, count: 4)
            mmv_rounded_to_byte4([value, value, value, value], &rounded)
            #expect(rounded == [Float](repeating: expected, count: 4), "\(value)")
        }
    }
}
