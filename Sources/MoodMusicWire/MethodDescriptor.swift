/// A method of the contract: "/moodmusic.v1.Service/Method" on the wire.
public struct MethodDescriptor: Hashable, Sendable, CustomStringConvertible {
    /// Fully qualified service, e.g. "moodmusic.v1.EmotionService".
    public let service: String
    /// Method name, e.g. "DetectEmotions".
    public let method: String
    /// "/service/method", made once: the gateway names the method in every call it forwards and records.
    public let path: String

    public init(service: String, method: String) {
        self.service = service
        self.method = method
        path = "/\(service)/\(method)"
    }

    /// Parses "/service/method"; nil when the string does not have that shape.
    public init?(path: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].isEmpty, !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        self.init(service: String(parts[1]), method: String(parts[2]))
    }

    public var description: String { path }
}

/// Every service and method the contract in Protos/ declares.
public enum Contract {
    public static let package = "moodmusic.v1"

    public enum Services {
        public static let emotion = "moodmusic.v1.EmotionService"
        public static let recommender = "moodmusic.v1.RecommenderService"
        public static let moodMusic = "moodmusic.v1.MoodMusic"
        public static let health = "moodmusic.v1.Health"
        public static let diagnostics = "moodmusic.v1.Diagnostics"
        public static let video = "moodmusic.v1.VideoService"
        public static let liveSession = "moodmusic.v1.LiveSession"
        public static let videoProgress = "moodmusic.v1.VideoProgress"
    }

    public static let detectEmotions = MethodDescriptor(service: Services.emotion, method: "DetectEmotions")
    public static let recommend = MethodDescriptor(service: Services.recommender, method: "Recommend")
    public static let recommendForImage = MethodDescriptor(service: Services.moodMusic, method: "RecommendForImage")
    public static let healthCheck = MethodDescriptor(service: Services.health, method: "Check")
    public static let echo = MethodDescriptor(service: Services.diagnostics, method: "Echo")

    /// Client-streaming (docs/protocol.md): the gateway assembles the chunks, then a video worker runs the call.
    public static let analyzeVideo = MethodDescriptor(service: Services.video, method: "AnalyzeVideo")
    public static let recommendForVideo = MethodDescriptor(service: Services.video, method: "RecommendForVideo")
    public static let uploadMethods: [MethodDescriptor] = [analyzeVideo, recommendForVideo]
    /// How far an upload's analysis has come; answered by the gateway.
    public static let videoProgress = MethodDescriptor(service: Services.videoProgress, method: "Get")
    /// Request metadata with which a video worker's frames name the video call they belong to.
    public static let videoProgressMetadataKey = "moodmusic-video-progress"
    /// Live sessions, held by the gateway.
    public static let openLiveSession = MethodDescriptor(service: Services.liveSession, method: "Open")
    public static let liveFrame = MethodDescriptor(service: Services.liveSession, method: "Frame")
    public static let closeLiveSession = MethodDescriptor(service: Services.liveSession, method: "Close")

    public static let allMethods: [MethodDescriptor] = [detectEmotions, recommend, recommendForImage, healthCheck, echo, analyzeVideo, recommendForVideo,
                                                          openLiveSession, liveFrame, closeLiveSession, videoProgress]

    /// Services whose calls the gateway forwards to workers.
    public static let workerServices: [String] = [Services.emotion, Services.recommender, Services.diagnostics, Services.video]

    /// Worker services a whole-system Health.Check does not require (a cluster may run without them).
    public static let optionalWorkerServices: [String] = [Services.video]

    /// Services the gateway answers itself.
    public static let gatewayServices: [String] = [Services.moodMusic, Services.health, Services.liveSession, Services.videoProgress]

    private static let pathBytes: [([UInt8], MethodDescriptor)] = allMethods.map { (Array($0.path.utf8), $0) }

    /// The declared method whose path is exactly these bytes; nil for anything else. The
    /// gateway's fast path: no String is built for the methods it knows.
    public static func method(pathBytes bytes: [UInt8]) -> MethodDescriptor? {
        for (candidate, method) in pathBytes where candidate == bytes { return method }
        return nil
    }

    /// The contract's own copy of a declared method's path, when `bytes` is one: reading it from a larger frame then
    /// allocates nothing.
    static func declaredPathBytes(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        for (candidate, _) in pathBytes where candidate.count == bytes.count && candidate.elementsEqual(bytes) { return candidate }
        return nil
    }
}
