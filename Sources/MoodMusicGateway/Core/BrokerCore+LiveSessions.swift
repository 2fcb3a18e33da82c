import Foundation
import MoodMusicProtos
import MoodMusicVideo
import MoodMusicWire
import SwiftProtobuf

/// The gateway's live sessions: the pure `LiveSessionTable` (tracks, the running emotion, idle
/// deadlines) plus what the gateway needs around it.
struct LiveSessions {
    var table: LiveSessionTable
    /// Per session: the detector settings its frames use.
    var detection: [String: Moodmusic_V1_DetectionOptions] = [:]
    /// Sessions with a frame at an emotion worker: the next must wait for its answer.
    var busy: Set<String> = []

    init(maxSessions: Int) { table = LiveSessionTable(maxSessions: maxSessions) }

    mutating func forget(_ id: String) {
        table.close(id: id)
        detection[id] = nil
        busy.remove(id)
    }
}

/// LiveSession.Open/Frame/Close. A frame becomes a DetectEmotions job for the emotion pool; its
/// answer goes through the session's tracker and moving average, and then to the client. Ticks
/// end idle sessions and free their state.
extension BrokerCore {
    mutating func liveSessionCall(client: ClientAddress, method: MethodDescriptor, request: ClientEnvelope.Request, nowNs: Int64, deadlineNs: Int64) {
        let requestID = request.header.requestID
        let result: Result<[UInt8], RPCError>
        do {
            switch method {
            case Contract.openLiveSession: result = .success(try openLiveSession(request.payload, nowNs: nowNs))
            case Contract.closeLiveSession: result = .success(try closeLiveSession(request.payload))
            default:
                try submitLiveFrame(client: client, request: request, nowNs: nowNs, deadlineNs: deadlineNs)
                return
            }
        } catch let error as RPCError {
            result = .failure(error)
        } catch {
            result = .failure(.internalError("\(error)"))
        }
        answer(client: client, requestID: requestID, method: method.path, receivedNs: nowNs, nowNs: nowNs, result)
    }

    private mutating func openLiveSession(_ payload: [UInt8], nowNs: Int64) throws -> [UInt8] {
        let request = try Self.decode(Moodmusic_V1_OpenLiveSessionRequest.self, payload)
        let id = try Self.sessionID(request.sessionID)
        let settings = LiveSessionSettings(request.options)
        if let problem = settings.problem(maxIdleTimeoutNanoseconds: UInt64(configuration.maxLiveIdleTimeoutMs) * 1_000_000) {
            throw RPCError.invalidArgument(problem)
        }
        do {
            try live.table.open(id: id, settings: settings, now: Self.monotonic(nowNs))
        } catch {
            throw RPCError(error)
        }
        if request.options.hasDetection { live.detection[id] = request.options.detection }
        log(.info, "live session opened", ["session": id])
        var response = Moodmusic_V1_OpenLiveSessionResponse()
        response.sessionID = id
        response.smoothing = settings.smoothing
        response.idleTimeoutMs = UInt32(clamping: settings.idleTimeoutNanoseconds / 1_000_000)
        return try response.serializedBytes()
    }

    private mutating func closeLiveSession(_ payload: [UInt8]) throws -> [UInt8] {
        let request = try Self.decode(Moodmusic_V1_CloseLiveSessionRequest.self, payload)
        let id = try Self.sessionID(request.sessionID)
        guard live.table.contains(id) else { throw RPCError(LiveSessionError.unknown(id)) }
        var response = Moodmusic_V1_CloseLiveSessionResponse()
        response.frames = UInt64(live.table.framesSeen(id: id) ?? 0)
        live.forget(id)
        log(.info, "live session closed", ["session": id])
        return try response.serializedBytes()
    }

    private mutating func submitLiveFrame(client: ClientAddress, request: ClientEnvelope.Request, nowNs: Int64, deadlineNs: Int64) throws {
        let frame = try Self.decode(Moodmusic_V1_LiveFrameRequest.self, request.payload)
        let id = try Self.sessionID(frame.sessionID)
        expireLiveSessions(nowNs: nowNs)
        guard live.table.contains(id) else { throw RPCError(LiveSessionError.unknown(id)) }
        guard !live.busy.contains(id) else {
            throw RPCError(.failedPrecondition, "live session \(id) has a frame in progress; send the next after its answer")
        }
        guard !frame.image.isEmpty else { throw RPCError.invalidArgument("image is required (JPEG or PNG bytes)") }
        var detect = Moodmusic_V1_DetectEmotionsRequest()
        detect.image = frame.image
        if let options = live.detection[id] { detect.options = options }
        let origin = JobOrigin.live(client, requestID: request.header.requestID, sessionID: id)
        if let error = submit(origin: origin, method: Contract.detectEmotions, header: request.header, payload: try detect.serializedBytes(),
                              receivedNs: nowNs, deadlineNs: deadlineNs, nowNs: nowNs) {
            throw error
        }
        live.busy.insert(id)
    }

    /// A frame's DetectEmotions answer: through the session's state, then to the client.
    mutating func finishLiveFrame(client: ClientAddress, requestID: UInt64, sessionID: String, receivedNs: Int64,
                                  code: StatusCode, message: String, payload: [UInt8], nowNs: Int64) {
        live.busy.remove(sessionID)
        let result: Result<[UInt8], RPCError>
        if code != .ok {
            result = .failure(RPCError(code, message))
        } else if let detected = try? Moodmusic_V1_DetectEmotionsResponse(serializedBytes: payload) {
            do {
                let faces = ScoredFrame(time: 0, detected: detected).faces
                let frame = try live.table.frame(id: sessionID, faces: faces, now: Self.monotonic(nowNs))
                result = .success(try Moodmusic_V1_LiveFrameResult(frame).serializedBytes())
            } catch let error as LiveSessionError {
                result = .failure(RPCError(error))
            } catch {
                result = .failure(.internalError("cannot encode LiveFrameResult"))
            }
        } else {
            result = .failure(.internalError("an emotion worker sent an unreadable DetectEmotionsResponse"))
        }
        answer(client: client, requestID: requestID, method: Contract.liveFrame.path, receivedNs: receivedNs, nowNs: nowNs, result)
    }

    /// Ends sessions idle past their timeout and frees their state.
    mutating func expireLiveSessions(nowNs: Int64) {
        for id in live.table.expire(now: Self.monotonic(nowNs)) {
            live.forget(id)
            log(.info, "live session ended after its idle timeout", ["session": id])
        }
    }

    /// Open live sessions (for tests and gauges).
    public var liveSessionCount: Int { live.table.count }

    private static func monotonic(_ nowNs: Int64) -> UInt64 { UInt64(max(0, nowNs)) }

    private static func sessionID(_ id: String) throws(RPCError) -> String {
        guard !id.isEmpty, id.utf8.count <= 128 else { throw .invalidArgument("session_id must be 1 to 128 bytes") }
        return id
    }

    private static func decode<M: SwiftProtobuf.Message>(_ type: M.Type, _ payload: [UInt8]) throws(RPCError) -> M {
        do { return try M(serializedBytes: payload) } catch { throw .invalidArgument("payload is not a valid \(M.protoMessageName) protobuf") }
    }
}

extension RPCError {
    /// tooManySessions → RESOURCE_EXHAUSTED, duplicate → ALREADY_EXISTS, unknown → NOT_FOUND.
    init(_ error: LiveSessionError) {
        switch error {
        case .tooManySessions: self.init(.resourceExhausted, error.description)
        case .duplicate: self.init(.alreadyExists, error.description)
        case .unknown: self.init(.notFound, error.description)
        }
    }
}
