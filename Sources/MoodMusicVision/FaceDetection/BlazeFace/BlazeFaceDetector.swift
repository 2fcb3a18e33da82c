import Foundation

/// One face found by BlazeFace, in pixels of the upright image.
public struct BlazeFaceDetection: Sendable, Equatable {
    public var xMin: Float
    public var yMin: Float
    public var xMax: Float
    public var yMax: Float
    /// Sigmoid of the model's raw score, 0…1.
    public var score: Float
    public var landmarks: FaceLandmarks

    /// The detection in an image `x` times wider and `y` times taller (e.g. full resolution after a scaled decode).
    public func scaled(x: Float, y: Float) -> BlazeFaceDetection {
        guard x != 1 || y != 1 else { return self }
        let points = landmarks.points.map { ImagePoint(x: $0.x * x, y: $0.y * y) }
        return BlazeFaceDetection(xMin: xMin * x, yMin: yMin * y, xMax: xMax * x, yMax: yMax * y, score: score, landmarks: FaceLandmarks(points: points))
    }

    /// The box rounded to whole pixels and clipped to a `width` × `height` image; nil when nothing is left.
    public func faceBox(width: Int, height: Int) -> FaceBox? {
        let x0 = max(Int(xMin.rounded()), 0), y0 = max(Int(yMin.rounded()), 0)
        let x1 = min(Int(xMax.rounded()), width), y1 = min(Int(yMax.rounded()), height)
        guard x1 > x0, y1 > y0 else { return nil }
        return FaceBox(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }
}

/// MediaPipe's BlazeFace face detector (short or full range), run by our own TFLite runtime on the calling
/// thread. Immutable and safe to share; each call borrows a workspace from an internal pool.
public final class BlazeFaceDetector: Sendable {
    public static let defaultScoreThreshold: Float = 0.5
    public static let directoryEnvironmentVariable = "MOODMUSIC_BLAZEFACE_DIR"

    public let variant: BlazeFaceVariant
    let network: Network
    let decoder: BlazeFaceDecoder
    nonisolated(unsafe) private var idle: [Workspace] = []
    private let lock = NSLock()

    init(variant: BlazeFaceVariant, model: TFLiteModel) throws {
        self.variant = variant
        // Outputs in the file: regressors (…, 16) and scores (…, 1); packed as 16 + 1 per anchor.
        let lastAxis = model.outputs.map { $0 >= 0 ? model.tensors[$0].shape.last ?? 0 : 0 }
        let order = lastAxis.indices.sorted { lastAxis[$0] > lastAxis[$1] }
        network = try TFLiteNetworkBuilder.build(model, outputOrder: order)
        decoder = BlazeFaceDecoder(variant: variant)
        let input = network.shapes[network.inputTensor], output = network.shapes[network.outputTensor]
        guard input == FeatureShape(height: variant.inputSize, width: variant.inputSize, channels: 3),
            output.count == decoder.anchors.count * BlazeFaceDecoder.valuesPerAnchor
        else { throw TFLiteModelError.unsupported("\(variant) model has input \(input) and output \(output)") }
    }

    /// Loads `variant` from `directory` (default: `defaultDirectory()`).
    public static func load(_ variant: BlazeFaceVariant, directory: String? = nil) throws -> BlazeFaceDetector {
        let path = URL(fileURLWithPath: directory ?? defaultDirectory()).appendingPathComponent(variant.fileName).path
        return try BlazeFaceDetector(variant: variant, model: TFLiteModel.load(path: path))
    }

    /// `$MOODMUSIC_BLAZEFACE_DIR` when set, else `models` (where `scripts/fetch-models` puts the files).
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment[directoryEnvironmentVariable], !path.isEmpty { return path }
        return "models"
    }

    /// Faces scoring above `threshold`, best first.
    public func detect(_ image: RGBImage, threshold: Float = defaultScoreThreshold) -> [BlazeFaceDetection] {
        guard image.width > 0, image.height > 0 else { return [] }
        var padding = LetterboxResampler.Padding(x: 0, y: 0)
        var candidates: [BlazeFaceCandidate] = []
        withWorkspace { workspace in
            let input = workspace.network.pointer(forSlot: network.slotOfTensor[network.inputTensor])
            padding = LetterboxResampler.fill(image, size: variant.inputSize, into: input, buffers: workspace.letterbox)
            decoder.decode(network.run(batch: 1, in: workspace.network), threshold: threshold, into: &candidates)
        }
        candidates = BlazeFaceDecoder.suppress(candidates)
        return candidates.map { unletterbox($0, padding: padding, width: Float(image.width), height: Float(image.height)) }
    }

    /// Decoded, suppressed candidates in input-relative coordinates for an input tensor `fill` writes.
    func run(threshold: Float, fill: (UnsafeMutablePointer<Float>) -> Void) -> [BlazeFaceCandidate] {
        var candidates: [BlazeFaceCandidate] = []
        withOutput(fill: fill) { decoder.decode($0, threshold: threshold, into: &candidates) }
        return BlazeFaceDecoder.suppress(candidates)
    }

    /// Runs the network on the input `fill` writes and hands `body` the packed output (anchors × 17).
    func withOutput<R>(fill: (UnsafeMutablePointer<Float>) -> Void, _ body: (UnsafePointer<Float>) -> R) -> R {
        withWorkspace { workspace in
            fill(workspace.network.pointer(forSlot: network.slotOfTensor[network.inputTensor]))
            return body(network.run(batch: 1, in: workspace.network))
        }
    }

    /// The buffers of one detection, pooled so that a detection allocates none once they have grown.
    private final class Workspace {
        let network: NetworkWorkspace
        let letterbox = LetterboxResampler.Buffers()
        init(network: NetworkWorkspace) { self.network = network }
    }

    private func withWorkspace<R>(_ body: (Workspace) -> R) -> R {
        let workspace = lock.withLock { idle.popLast() } ?? Workspace(network: NetworkWorkspace(network: network, batchCapacity: 1))
        defer { lock.withLock { idle.append(workspace) } }
        return body(workspace)
    }

    private func unletterbox(_ candidate: BlazeFaceCandidate, padding: LetterboxResampler.Padding, width: Float, height: Float) -> BlazeFaceDetection {
        let v = candidate.values
        func x(_ value: Float) -> Float { (value - padding.x) / (1 - 2 * padding.x) * width }
        func y(_ value: Float) -> Float { (value - padding.y) / (1 - 2 * padding.y) * height }
        let points = (0..<6).map { ImagePoint(x: x(v[4 + 2 * $0]), y: y(v[5 + 2 * $0])) }
        return BlazeFaceDetection(xMin: x(v[0]), yMin: y(v[1]), xMax: x(v[2]), yMax: y(v[3]), score: candidate.score,
                                  landmarks: FaceLandmarks(points: points))
    }
}
