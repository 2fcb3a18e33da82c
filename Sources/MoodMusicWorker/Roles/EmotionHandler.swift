import Logging
import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire
import MoodMusicVision

/// EmotionService.DetectEmotions over the Vision pipeline.
struct EmotionHandler: ServiceHandler {
    let pipeline: EmotionPipeline
    let models: EmotionModelSet
    var service: String { Contract.Services.emotion }

    static func load(options: EmotionRoleSettings, logger: Logger) throws -> EmotionHandler {
        let pipeline = try EmotionPipeline.load(cascadePath: options.cascade, modelPath: options.model, maxPixels: options.maxPixels)
        logger.info("emotion model and face cascade loaded")
        let models = try EmotionModelSet.load(fer: pipeline.classifier, moodnetPath: options.moodnetModel, logger: logger)
        return EmotionHandler(pipeline: pipeline, models: models)
    }

    func handle(payload: [UInt8], context: CallContext) throws(RPCError) -> [UInt8] {
        guard context.method == Contract.detectEmotions else { throw .unimplemented("\(context.method.path) is not served by this worker") }
        let started = MonotonicClock.nowNs()
        let request = try decodeRequest(Moodmusic_V1_DetectEmotionsRequest.self, from: payload)
        guard !request.image.isEmpty else { throw .invalidArgument("image is required (JPEG or PNG bytes)") }
        let options = try Self.detectionOptions(request.hasOptions ? request.options : nil)
        let model = try models.choose(request.options.emotionModel)
        let pipeline = EmotionPipeline(decoder: pipeline.decoder, detector: pipeline.detector, classifier: model.classifier)
        let analysis: EmotionPipeline.Analysis
        do {
            analysis = try pipeline.analyze([UInt8](request.image), options: options)
        } catch let error as ImageDecodingError {
            throw .invalidArgument("image: \(error.description)")
        } catch {
            throw .internalError("image analysis failed: \(error)")
        }
        var response = Moodmusic_V1_DetectEmotionsResponse()
        response.imageWidth = UInt32(analysis.width)
        response.imageHeight = UInt32(analysis.height)
        response.faces = analysis.faces.map(Self.face)
        response.dominantEmotion = response.faces.first?.emotion ?? .unspecified
        response.meanProbabilities = analysis.meanProbabilities
        response.computeMicros = (MonotonicClock.nowNs() &- started) / 1000
        response.emotionModel = model.name.rawValue
        return try encodeResponse(response)
    }

    /// The wire's "0 means default" options, checked before the detector sees them.
    static func detectionOptions(_ wire: Moodmusic_V1_DetectionOptions?) throws(RPCError) -> FaceDetectionOptions {
        guard let wire else { return FaceDetectionOptions() }
        let scale = wire.scaleFactor == 0 ? 1.1 : Double(wire.scaleFactor)
        guard scale > 1.0, scale <= 4.0 else { throw .invalidArgument("scale_factor must be in (1, 4]; got \(wire.scaleFactor)") }
        let minNeighbors = wire.minNeighbors == 0 ? 5 : Int(wire.minNeighbors)
        guard minNeighbors <= 1000 else { throw .invalidArgument("min_neighbors must be at most 1000") }
        let minSide = wire.minSize == 0 ? 50 : Int(wire.minSize)
        guard minSide >= 24 else { throw .invalidArgument("min_size must be at least 24 (the cascade's window)") }
        let maxSide = wire.maxSize == 0 ? nil : Int(wire.maxSize)
        if let maxSide, maxSide < minSide { throw .invalidArgument("max_size (\(maxSide)) is below min_size (\(minSide))") }
        return FaceDetectionOptions(scaleFactor: scale, minNeighbors: minNeighbors, minSize: PixelSize(width: minSide, height: minSide),
                                    maxSize: maxSide.map { PixelSize(width: $0, height: $0) })
    }

    static func face(_ scored: EmotionPipeline.ScoredFace) -> Moodmusic_V1_Face {
        var face = Moodmusic_V1_Face()
        face.box.x = Int32(scored.box.x)
        face.box.y = Int32(scored.box.y)
        face.box.width = Int32(scored.box.width)
        face.box.height = Int32(scored.box.height)
        face.neighbors = UInt32(max(0, scored.box.neighbors))
        face.probabilities = scored.probabilities
        face.emotion = Moodmusic_V1_Emotion(scored.emotion)
        face.confidence = scored.probabilities[scored.emotion.rawValue]
        return face
    }
}
