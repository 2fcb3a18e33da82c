import MoodMusicVocabulary
/// Photo bytes in, faces with emotion probabilities out: decode, detect, classify.
/// The one entry point the emotion worker and the benchmarks use.
public struct EmotionPipeline: Sendable {
    public struct ScoredFace: Sendable, Equatable {
        public let box: FaceBox
        /// Seven probabilities, indexed by `Emotion.rawValue`.
        public let probabilities: [Float]
        /// BlazeFace's score and keypoints; nil for the Haar cascade.
        public let score: Float?
        public let landmarks: FaceLandmarks?

        public init(box: FaceBox, probabilities: [Float], score: Float? = nil, landmarks: FaceLandmarks? = nil) {
            self.box = box
            self.probabilities = probabilities
            self.score = score
            self.landmarks = landmarks
        }

        public var emotion: Emotion { Emotion.mostLikely(probabilities)! }
    }

    public struct Analysis: Sendable {
        public let width: Int
        public let height: Int
        /// Largest first.
        public let faces: [ScoredFace]

        /// The mean of the faces' probabilities; empty when there is no face.
        public var meanProbabilities: [Float] {
            guard let first = faces.first else { return [] }
            var sum = [Float](repeating: 0, count: first.probabilities.count)
            for face in faces { for i in sum.indices { sum[i] += face.probabilities[i] } }
            return sum.map { $0 / Float(faces.count) }
        }
    }

    public let decoder: ImageDecoder
    public let detector: FaceDetector
    public let classifier: EmotionClassifier

    public init(decoder: ImageDecoder, detector: FaceDetector, classifier: EmotionClassifier) {
        self.decoder = decoder
        self.detector = detector
        self.classifier = classifier
    }

    /// Loads the cascade and the model from their files (defaults: `HaarCascade.defaultPath`,
    /// `EmotionModel.defaultPath()`).
    public static func load(cascadePath: String? = nil, modelPath: String? = nil, maxPixels: Int = 40_000_000) throws -> EmotionPipeline {
        let cascade = try HaarCascade.load(path: cascadePath ?? HaarCascade.defaultPath)
        let model = try EmotionModel.load(path: modelPath ?? EmotionModel.defaultPath())
        return EmotionPipeline(decoder: ImageDecoder(maxPixels: maxPixels), detector: FaceDetector(cascade: cascade),
                               classifier: EmotionClassifier(model: model))
    }

    /// Throws `ImageDecodingError` for bytes that are not a usable JPEG or PNG.
    public func analyze(_ bytes: [UInt8], options: FaceDetectionOptions = .init(),
                        stages: any AnalysisStageObserver = NoStageObserver()) throws -> Analysis {
        let image = try stages.measure("decode") { try decoder.decodeGray(bytes) }
        return analyze(image: image, options: options, stages: stages)
    }

    /// Detects and classifies the faces of an already decoded image (a video frame, for one).
    public func analyze(image: GrayImage, options: FaceDetectionOptions = .init(),
                        stages: any AnalysisStageObserver = NoStageObserver()) -> Analysis {
        let boxes = stages.measure("detect") { detector.detect(image, options: options) }
        let probabilities = stages.measure("classify") { classifier.classify(faces: boxes, in: image) }
        // A box whose crop falls wholly outside the image has no probabilities; fer drops those.
        let faces = zip(boxes, probabilities).compactMap { box, p in p.isEmpty ? nil : ScoredFace(box: box, probabilities: p) }
        return Analysis(width: image.width, height: image.height, faces: faces)
    }
}
