import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire
import SwiftProtobuf

/// RecommendForImage as a small state machine: DetectEmotions, then Recommend for the faces'
/// emotion combined by the request's `face_combination` (mean by default), then one combined reply. It only decides; the broker sends and receives.
struct ImageRecommendationFlow {
    enum Step {
        /// Send this call to a worker and feed its reply back through `advance`.
        case call(MethodDescriptor, payload: [UInt8])
        /// Answer the client.
        case finish(Result<[UInt8], RPCError>)
    }

    private enum Stage { case detecting, recommending }

    private let request: Moodmusic_V1_RecommendForImageRequest
    private var stage = Stage.detecting
    private var emotions = Moodmusic_V1_DetectEmotionsResponse()
    private var usedNeutralFallback = false
    private var faceCombination = Moodmusic_V1_FaceCombination.mean

    /// Validates the client's payload; the error is INVALID_ARGUMENT.
    init(payload: [UInt8]) throws(RPCError) {
        do {
            request = try Moodmusic_V1_RecommendForImageRequest(serializedBytes: payload)
        } catch {
            throw .invalidArgument("payload is not a valid RecommendForImageRequest protobuf")
        }
        guard !request.image.isEmpty else { throw .invalidArgument("image is required (JPEG or PNG bytes)") }
    }

    func start() throws(RPCError) -> Step {
        var detect = Moodmusic_V1_DetectEmotionsRequest()
        detect.image = request.image
        if request.hasDetection { detect.options = request.detection }
        return .call(Contract.detectEmotions, payload: try Self.serialize(detect))
    }

    /// Feeds the reply of the call the last step asked for.
    mutating func advance(code: StatusCode, message: String, payload: [UInt8]) -> Step {
        guard code == .ok else { return .finish(.failure(RPCError(code, message))) }
        do {
            switch stage {
            case .detecting:
                emotions = try Moodmusic_V1_DetectEmotionsResponse(serializedBytes: payload)
                var recommend = request.recommend
                recommend.emotion = .unspecified
                if let combined = FaceCombination.combine(emotions.faces, rule: request.faceCombination) {
                    recommend.emotionProbabilities = combined.probabilities
                    faceCombination = combined.used
                } else {
                    usedNeutralFallback = true
                    recommend.emotionProbabilities = []
                    recommend.emotion = .neutral
                    faceCombination = .mean
                }
                stage = .recommending
                return .call(Contract.recommend, payload: try Self.serialize(recommend))
            case .recommending:
                var response = Moodmusic_V1_RecommendForImageResponse()
                response.emotions = emotions
                response.recommendations = try Moodmusic_V1_RecommendResponse(serializedBytes: payload)
                response.usedNeutralFallback = usedNeutralFallback
                response.faceCombination = faceCombination
                return .finish(.success(try Self.serialize(response)))
            }
        } catch let error as RPCError {
            return .finish(.failure(error))
        } catch {
            return .finish(.failure(.internalError("a worker sent an unreadable \(stage) response")))
        }
    }

    private static func serialize(_ message: some SwiftProtobuf.Message) throws(RPCError) -> [UInt8] {
        do { return try message.serializedBytes() } catch { throw .internalError("cannot encode \(type(of: message))") }
    }
}
