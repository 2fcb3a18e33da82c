/// TFLite PAD on an NHWC tensor: zeros before and after along height, width and channels.
struct PadOperation: TensorOperation {
    let inputShape: FeatureShape
    let outputShape: FeatureShape
    let top: Int
    let left: Int
    let channelsBefore: Int

    init(inputShape: FeatureShape, top: Int, bottom: Int, left: Int, right: Int, channelsBefore: Int, channelsAfter: Int) {
        self.inputShape = inputShape
        self.top = top
        self.left = left
        self.channelsBefore = channelsBefore
        outputShape = FeatureShape(height: inputShape.height + top + bottom, width: inputShape.width + left + right,
                                   channels: inputShape.channels + channelsBefore + channelsAfter)
    }

    /// Only zero channels after the existing ones: the case `FusedAddOperation` can absorb.
    var widensChannelsOnly: Bool {
        top == 0 && left == 0 && channelsBefore == 0 && outputShape.height == inputShape.height && outputShape.width == inputShape.width
    }

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let inChannels = inputShape.channels, outChannels = outputShape.channels
        for image in 0..<batch {
            let source = inputs[0] + image * inputShape.count
            let destination = output + image * outputShape.count
            destination.update(repeating: 0, count: outputShape.count)
            for y in 0..<inputShape.height {
                for x in 0..<inputShape.width {
                    let target = destination + ((y + top) * outputShape.width + x + left) * outChannels + channelsBefore
                    target.update(from: source + (y * inputShape.width + x) * inChannels, count: inChannels)
                }
            }
        }
    }
}

/// TFLite RESIZE_BILINEAR with the reference kernel's sampling (align_corners, half_pixel_centers).
struct ResizeBilinearOperation: TensorOperation {
    let inputShape: FeatureShape
    let outputShape: FeatureShape
    let alignCorners: Bool
    let halfPixelCenters: Bool

    private func sample(_ index: Int, input: Int, output: Int) -> (Int, Int, Float) {
        let scale = alignCorners && output > 1 ? Float(input - 1) / Float(output - 1) : Float(input) / Float(output)
        let position = halfPixelCenters ? (Float(index) + 0.5) * scale - 0.5 : Float(index) * scale
        let lower = max(Int(position.rounded(.down)), 0)
        let upper = min(Int(position.rounded(.up)), input - 1)
        return (lower, upper, position - Float(lower))
    }

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels
        for image in 0..<batch {
            let source = inputs[0] + image * inputShape.count
            var destination = output + image * outputShape.count
            for oy in 0..<outputShape.height {
                let (y0, y1, dy) = sample(oy, input: inputShape.height, output: outputShape.height)
                for ox in 0..<outputShape.width {
                    let (x0, x1, dx) = sample(ox, input: inputShape.width, output: outputShape.width)
                    let a = source + (y0 * inputShape.width + x0) * channels, b = source + (y1 * inputShape.width + x0) * channels
                    let c = source + (y0 * inputShape.width + x1) * channels, d = source + (y1 * inputShape.width + x1) * channels
                    let wa = (1 - dy) * (1 - dx), wb = dy * (1 - dx), wc = (1 - dy) * dx, wd = dy * dx
                    for k in 0..<channels { destination[k] = a[k] * wa + b[k] * wb + c[k] * wc + d[k] * wd }
                    destination += channels
                }
            }
        }
    }
}

/// TFLite CONCATENATION of tensors that agree on every axis but one: for each index of the axes before the
/// concatenation axis, each input contributes one contiguous block of `blockSizes[i]` floats.
struct ConcatenationOperation: TensorOperation {
    let outputShape: FeatureShape
    let outerCount: Int
    let blockSizes: [Int]

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let outerTotal = batch * outerCount
        let perImage = blockSizes.reduce(0, +)
        for outer in 0..<outerTotal {
            var destination = output + outer * perImage
            for (input, size) in zip(inputs, blockSizes) {
                destination.update(from: input + outer * size, count: size)
                destination += size
            }
        }
    }
}

/// TFLite RESHAPE: the same floats under a new shape.
struct ReshapeOperation: TensorOperation {
    let outputShape: FeatureShape

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        output.update(from: inputs[0], count: batch * outputShape.count)
    }
}

/// TFLite ADD of two same-shaped tensors, with its fused ReLU. When `narrowChannels` is set, the second input
/// has only that many channels per pixel and stands for itself followed by a PAD with zero channels after
/// (BlazeFace's residual shortcut when a block widens): those channels are added, the rest copied, and the
/// PAD is never materialised. x + 0 is x, so the floats are the same as with the PAD.
struct FusedAddOperation: TensorOperation {
    let outputShape: FeatureShape
    var activation: FusedActivation
    var narrowChannels: Int? = nil

    func run(_ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>, batch: Int, scratch: UnsafeMutablePointer<Float>) {
        add(inputs[0], inputs[1], pixels: batch * outputShape.height * outputShape.width, into: output)
    }

    /// The sum over `pixels` consecutive pixels.
    func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, pixels: Int, into output: UnsafeMutablePointer<Float>) {
        let relu = activation == .relu
        let channels = outputShape.channels
        guard let narrow = narrowChannels else {
            Self.add(a, b, into: output, count: pixels * channels, relu: relu)
            return
        }
        for pixel in 0..<pixels {
            let out = output + pixel * channels, wide = a + pixel * channels
            Self.add(wide, b + pixel * narrow, into: out, count: narrow, relu: relu)
            if relu {
                for c in narrow..<channels { out[c] = max(wide[c], 0) }
            } else {
                (out + narrow).update(from: wide + narrow, count: channels - narrow)
            }
        }
    }

    @inline(__always) private static func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, relu: Bool) {
        if relu {
            for index in 0..<count { output[index] = max(a[index] + b[index], 0) }
        } else {
            for index in 0..<count { output[index] = a[index] + b[index] }
        }
    }
}
