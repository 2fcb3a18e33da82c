import Foundation
import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicVideo
import MoodMusicVision
import MoodMusicWire

/// VideoService: the gateway hands over a whole uploaded video; this worker decodes and samples
/// it (FFmpeg, seeking to the sampled instants), sends the sampled frames to DetectEmotions
/// through the gateway as a client (`FrameFanOut`), and aggregates the answers with the pure
/// analysis code (tracks, distribution, segments). RecommendForVideo then calls Recommend the
/// same way. The gateway core stays a router: it knows no video.
struct VideoHandler: ServiceHandler {
    let settings: VideoRoleSettings
    let frontend: String
    let security: SocketSecurity
    var service: String { Contract.Services.video }

    init(settings: VideoRoleSettings, security: SocketSecurity) {
        self.settings = settings
        frontend = settings.frontend ?? ProcessInfo.processInfo.environment["MOODMUSIC_GATEWAY"] ?? "tcp://127.0.0.1:5555"
        self.security = security
    }

    func handle(payload: [UInt8], context: CallContext) throws(RPCError) -> [UInt8] {
        guard Contract.uploadMethods.contains(context.method) else { throw .unimplemented("\(context.method.path) is not served by this worker") }
        let request = try decodeRequest(Moodmusic_V1_AnalyzeVideoRequest.self, from: payload)
        let fanOut = try FrameFanOut(frontend: frontend, security: security, window: settings.window, deadlineMs: context.deadlineMs,
                                     options: request.options.hasDetection ? request.options.detection : nil,
                                     metadata: context.metadata.filter { $0.key == Contract.videoProgressMetadataKey })
        defer { fanOut.close() }
        let analysis = try analyze([UInt8](request.video), options: request.options, fanOut: fanOut)
        if context.method == Contract.analyzeVideo {
            var response = Moodmusic_V1_AnalyzeVideoResponse()
            response.analysis = Moodmusic_V1_VideoAnalysis(analysis)
            return try encodeResponse(response)
        }
        var response = Moodmusic_V1_RecommendForVideoResponse()
        response.analysis = Moodmusic_V1_VideoAnalysis(analysis)
        var recommend = request.recommend
        if analysis.distribution.isEmpty {
            recommend.emotionProbabilities = []
            recommend.emotion = .neutral
            response.usedNeutralFallback = true
        } else {
            recommend.emotion = .unspecified
            recommend.emotionProbabilities = analysis.distribution
        }
        response.recommendations = try fanOut.call(Contract.recommend, recommend)
        return try encodeResponse(response)
    }

    private func analyze(_ video: [UInt8], options: Moodmusic_V1_VideoOptions, fanOut: FrameFanOut) throws(RPCError) -> VideoAnalysis {
        let limits = VideoLimits(maxBytes: Int.max, maxPixels: settings.maxPixels, maxFrames: settings.maxFrames)
        let started = MonotonicClock.nowNs()
        do {
            let sampler = try VideoFrameSampler(bytes: video, limits: limits)
            var stats = try sampler.sample(options: SamplingOptions(options)) { frame in
                let jpeg = try GrayJPEGEncoder.encode(frame.image)
                try fanOut.submit(jpeg: jpeg, time: frame.time)
            }
            try fanOut.finish()
            // Time not spent decoding went to encoding frames and waiting for the emotion workers.
            let total = MonotonicClock.nowNs() &- started
            stats.analyzeNanoseconds = total > stats.decodeNanoseconds ? total - stats.decodeNanoseconds : 0
            return VideoAnalysis(width: sampler.info.width, height: sampler.info.height, duration: sampler.info.duration,
                                 scoredFrames: fanOut.scored, stats: stats)
        } catch let error as VideoDecodingError {
            throw RPCError(error)
        } catch let error as RPCError {
            throw error
        } catch {
            throw .internalError("video analysis failed: \(error)")
        }
    }
}
