import Foundation

/// Which face detector a request uses.
public enum FaceDetectorChoice: Sendable, Equatable, Hashable {
    case blazeFace(BlazeFaceVariant)
    case haar

    /// BlazeFace full range: on real photos (docs/vision.md, "Real photos") it finds more true faces than the Haar
    /// cascade (9 of 9 against 6, and no false one against 1) in about half its time, and gives landmarks.
    public static let `default` = FaceDetectorChoice.blazeFace(.fullRange)
}

/// Settings of one `FacePipeline.analyze` call.
public struct PhotoAnalysisOptions: Sendable, Equatable {
    public var detector: FaceDetectorChoice
    /// BlazeFace: the lowest score kept, in (0, 1).
    public var scoreThreshold: Float
    /// Haar cascade settings.
    public var haar: FaceDetectionOptions
    /// BlazeFace: faces whose longer side is outside this range are dropped.
    public var sideRange: ClosedRange<Int>
    /// BlazeFace: crop each face for the emotion model rotated by its eye line (see `AlignedFaceCrop`).
    public var alignFaces: Bool

    public init(detector: FaceDetectorChoice = .default, scoreThreshold: Float = BlazeFaceDetector.defaultScoreThreshold,
                haar: FaceDetectionOptions = .init(), sideRange: ClosedRange<Int> = 0...Int.max, alignFaces: Bool = false) {
        self.sideRange = sideRange
        self.detector = detector
        self.scoreThreshold = scoreThreshold
        self.haar = haar
        self.alignFaces = alignFaces
    }
}

/// Photo bytes in, faces with emotions (and, from BlazeFace, scores and landmarks) out. Wraps the Haar
/// `EmotionPipeline` and adds the BlazeFace detectors; the emotion classifier is shared.
public struct FacePipeline: Sendable {
    public struct Face: Sendable, Equatable {
        public let box: FaceBox
        /// Seven probabilities, indexed by `Emotion.rawValue`.
        public let probabilities: [Float]
        /// BlazeFace's score; nil for the Haar cascade (see `box.neighbors`).
        public let score: Float?
        public let landmarks: FaceLandmarks?
    }

    public struct Analysis: Sendable {
        public let width: Int
        public let height: Int
        /// Largest first.
        public let faces: [Face]
        public let detector: FaceDetectorChoice

        /// The mean of the faces' probabilities; empty when there is no face.
        public var meanProbabilities: [Float] {
            guard let first = faces.first else { return [] }
            var sum = [Float](repeating: 0, count: first.probabilities.count)
            for face in faces { for i in sum.indices { sum[i] += face.probabilities[i] } }
            return sum.map { $0 / Float(faces.count) }
        }
    }

    public let haarPipeline: EmotionPipeline
    public let blazeFace: [BlazeFaceVariant: BlazeFaceDetector]
    public let rgbDecoder: RGBImageDecoder

    public init(haarPipeline: EmotionPipeline, blazeFace: [BlazeFaceVariant: BlazeFaceDetector]) {
        self.haarPipeline = haarPipeline
        self.blazeFace = blazeFace
        rgbDecoder = RGBImageDecoder(maxPixels: haarPipeline.decoder.maxPixels)
    }

    /// The Haar pipeline (`EmotionPipeline.load`) plus both BlazeFace models from `blazeFaceDirectory`
    /// (default `BlazeFaceDetector.defaultDirectory()`).
    public static func load(cascadePath: String? = nil, modelPath: String? = nil, blazeFaceDirectory: String? = nil,
                            maxPixels: Int = 40_000_000) throws -> FacePipeline {
        let haar = try EmotionPipeline.load(cascadePath: cascadePath, modelPath: modelPath, maxPixels: maxPixels)
        var detectors: [BlazeFaceVariant: BlazeFaceDetector] = [:]
        for variant in BlazeFaceVariant.allCases { detectors[variant] = try BlazeFaceDetector.load(variant, directory: blazeFaceDirectory) }
        return FacePipeline(haarPipeline: haar, blazeFace: detectors)
    }

    /// Throws `ImageDecodingError` for bytes that are not a usable JPEG or PNG.
    public func analyze(_ bytes: [UInt8], options: PhotoAnalysisOptions = .init(),
                        stages: any AnalysisStageObserver = NoStageObserver()) throws -> Analysis {
        switch options.detector {
        case .haar:
            let analysis = try haarPipeline.analyze(bytes, options: options.haar, stages: stages)
            let faces = analysis.faces.map { Face(box: $0.box, probabilities: $0.probabilities, score: nil, landmarks: nil) }
            return Analysis(width: analysis.width, height: analysis.height, faces: faces, detector: .haar)
        case .blazeFace(let variant):
            guard let detector = blazeFace[variant] else { preconditionFailure("BlazeFace \(variant) is not loaded") }
            // Detection runs on a DCT-scaled decode no smaller than the network input; only when there are faces is
            // the full-resolution luma decoded for the emotion crops.
            let (small, width, height) = try stages.measure("decode") { try rgbDecoder.decodeScaled(bytes, minimumSide: variant.inputSize) }
            let scaleX = Float(width) / Float(max(small.width, 1)), scaleY = Float(height) / Float(max(small.height, 1))
            let detections = stages.measure("detect") { detector.detect(small, threshold: options.scoreThreshold) }
                .map { $0.scaled(x: scaleX, y: scaleY) }
            let boxed = detections.compactMap { d in d.faceBox(width: width, height: height).map { (d, $0) } }
                .filter { options.sideRange.contains(max($0.1.width, $0.1.height)) }
            guard !boxed.isEmpty else { return Analysis(width: width, height: height, faces: [], detector: options.detector) }
            let gray = try stages.measure("decode luma") { try rgbDecoder.decodeLuma(bytes) }
            let probabilities: [[Float]] = stages.measure("classify") {
                options.alignFaces ? haarPipeline.classifier.classify(aligned: boxed.map(\.0), in: gray)
                    : haarPipeline.classifier.classify(faces: boxed.map(\.1), in: gray)
            }
            let faces = zip(boxed, probabilities).compactMap { pair, p -> Face? in
                p.isEmpty ? nil : Face(box: pair.1, probabilities: p, score: pair.0.score, landmarks: pair.0.landmarks)
            }
            .sorted { a, b in a.box.area != b.box.area ? a.box.area > b.box.area : (a.box.y, a.box.x) < (b.box.y, b.box.x) }
            return Analysis(width: width, height: height, faces: faces, detector: options.detector)
        }
    }
}
