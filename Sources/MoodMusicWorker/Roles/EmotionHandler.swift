import Logging
import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire
import MoodMusicVision

/// EmotionService.DetectEmotions over the Vision pipeline.
struct EmotionHandler: ServiceHandler {
    let pipeline: FacePipeline
    var service: String { Contract.Services.emotion }

    static func load(options: EmotionRoleSettings, logger: Logger) throws -> EmotionHandler {
        let pipeline = try FacePipeline.load(cascadePath: options.cascade, modelPath: options.model, maxPixels: options.maxPixels)
        logger.info("emotion model, face cascade and BlazeFace models loaded")
        return EmotionHandler(pipeline: pipeline)
    }

    func handle(payload: [UInt8], context: CallContext) throws(RPCError) -> [UInt8] {
        guard context.method == Contract.detectEmotions else { throw .unimplemented("\(context.method.path) is not served by this worker") }
        let started = MonotonicClock.nowNs()
        let request = try decodeRequest(Moodmusic_V1_DetectEmotionsRequest.self, from: payload)
        guard !request.image.isEmpty else { throw .invalidArgument("image is required (JPEG or PNG bytes)") }
        let options = try Self.photoOptions(request.hasOptions ? request.options : nil)
        let analysis: FacePipeline.Analysis
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
        response.detector = Self.wireDetector(analysis.detector)
        response.computeMicros = (MonotonicClock.nowNs() &- started) / 1000
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
}
