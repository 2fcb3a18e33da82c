import Logging
import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire
import MoodMusicVision

/// EmotionService.DetectEmotions over the Vision pipeline.
struct EmotionHandler: ServiceHandler {
    let models: EmotionModelSet
    /// One photo pipeline per loaded emotion model, sharing the decoders and detectors.
    let pipelines: [EmotionModelName: FacePipeline]
    var service: String { Contract.Services.emotion }

    static func load(options: EmotionRoleSettings, logger: Logger) throws -> EmotionHandler {
        let pipeline = try FacePipeline.load(cascadePath: options.cascade, modelPath: options.model, maxPixels: options.maxPixels)
        logger.info("emotion model, face cascade and BlazeFace models loaded")
        let models = try EmotionModelSet.load(fer: pipeline.haarPipeline.classifier, moodnetPath: options.moodnetModel, logger: logger)
        let haar = pipeline.haarPipeline
        let pipelines = models.classifiers.mapValues { classifier in
            FacePipeline(haarPipeline: EmotionPipeline(decoder: haar.decoder, detector: haar.detector, classifier: classifier),
                         blazeFace: pipeline.blazeFace)
        }
        return EmotionHandler(models: models, pipelines: pipelines)
    }

    func handle(payload: [UInt8], context: CallContext) throws(RPCError) -> [UInt8] {
        guard context.method == Contract.detectEmotions else { throw .unimplemented("\(context.method.path) is not served by this worker") }
        let started = MonotonicClock.nowNs()
        let request = try decodeRequest(Moodmusic_V1_DetectEmotionsRequest.self, from: payload)
        guard !request.image.isEmpty else { throw .invalidArgument("image is required (JPEG or PNG bytes)") }
        let options = try Self.photoOptions(request.hasOptions ? request.options : nil)
        let model = try models.choose(request.options.emotionModel)
        guard let pipeline = pipelines[model.name] else { throw .internalError("no pipeline for \(model.name.rawValue)") }
        let analysis: FacePipeline.Analysis
        do {
            analysis = try pipeline.analyze([UInt8](request.image), options: options, stages: CallStages(context: context))
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
        response.detector = Self.wireDetector(analysis.detector)
        response.computeMicros = (MonotonicClock.nowNs() &- started) / 1000
        response.emotionModel = model.name.rawValue
        return try encodeResponse(response)
    }

    /// The wire's "0 means default" options, checked before the detector sees them.
    static func detectionOptions(_ wire: Moodmusic_V1_DetectionOptions?) throws(RPCError) -> FaceDetectionOptions {
        guard let wire else { return FaceDetectionOptions() }
        let scale = wire.scaleFactor == 0 ? 1.1 : Double(wire.scaleFactor)
        // The scan's cost grows like 1 / (1 − 1/s²): 1.01 is already 9× the default's, and a factor a hair above 1
        // would give millions of scales and hold a worker for hours.
        guard scale >= 1.01, scale <= 4.0 else { throw .invalidArgument("scale_factor must be in [1.01, 4]; got \(wire.scaleFactor)") }
        let minNeighbors = wire.minNeighbors == 0 ? 5 : Int(wire.minNeighbors)
        guard minNeighbors <= 1000 else { throw .invalidArgument("min_neighbors must be at most 1000") }
        let minSide = wire.minSize == 0 ? 50 : Int(wire.minSize)
        guard minSide >= 24 else { throw .invalidArgument("min_size must be at least 24 (the cascade's window)") }
        let maxSide = wire.maxSize == 0 ? nil : Int(wire.maxSize)
        if let maxSide, maxSide < minSide { throw .invalidArgument("max_size (\(maxSide)) is below min_size (\(minSide))") }
        return FaceDetectionOptions(scaleFactor: scale, minNeighbors: minNeighbors, minSize: PixelSize(width: minSide, height: minSide),
                                    maxSize: maxSide.map { PixelSize(width: $0, height: $0) })
    }
}
