import MoodMusicProtos
/// The worker side of the wire (docs/protocol.md, "Worker protocol"), modelled on MDP/0.2.
///
/// Two framings carry the same five commands. MMW2, which workers send, puts everything but the
/// payload in one frame; MMW1, its predecessor, gave each field a frame. The gateway reads both
/// and answers each worker in the framing its READY used, so MMW1 workers keep working.
///
/// | command    | direction        | MMW1 frames after `"MMW1"`, command byte                | MMW2: frame 0 after `"MMW2"`, command byte | MMW2 frame 1 |
/// |------------|------------------|---------------------------------------------------------|--------------------------------------------|--------------|
/// | READY      | worker → gateway | WorkerReady                                              | WorkerReady                                 | none         |
/// | REQUEST    | gateway → worker | job id (8 bytes LE), method path, RequestHeader, payload | job id, path length (2 bytes LE), path, RequestHeader | payload |
/// | REPLY      | worker → gateway | job id (8 bytes LE), ResponseHeader, payload             | job id, ResponseHeader                      | payload      |
/// | HEARTBEAT  | both             | none                                                     | nothing                                     | none         |
/// | DISCONNECT | both             | none                                                     | nothing                                     | none         |
public enum WorkerCommand: Sendable, Equatable {
    case ready(Moodmusic_V1_WorkerReady)
    case request(jobID: UInt64, method: String, header: Moodmusic_V1_RequestHeader, payload: [UInt8])
    case reply(jobID: UInt64, header: Moodmusic_V1_ResponseHeader, payload: [UInt8])
    case heartbeat
    case disconnect

    public static let protocolID: [UInt8] = Array("MMW1".utf8)

    enum Code: UInt8 {
        case ready = 1, request = 2, reply = 3, heartbeat = 4, disconnect = 5
    }

    /// In the framing workers send (MMW2).
    public func encode() throws -> [[UInt8]] { try encode(.mmw2) }

    /// The command's frames, after `identity` when one is given (a ROUTER's first frame names the peer).
    public func encode(_ framing: WorkerFraming, routedTo identity: [UInt8]? = nil) throws -> [[UInt8]] {
        var frames: [[UInt8]] = []
        frames.reserveCapacity(framing == .mmw2 ? 3 : 7)
        if let identity { frames.append(identity) }
        switch framing {
        case .mmw1: frames += try encodeMMW1()
        case .mmw2: try encodeMMW2(into: &frames)
        }
        return frames
    }

    func encodeMMW1() throws -> [[UInt8]] {
        switch self {
        case .ready(let ready):
            return [Self.protocolID, [Code.ready.rawValue], try ready.serializedBytes()]
        case .request(let jobID, let method, let header, let payload):
            return [Self.protocolID, [Code.request.rawValue], Self.encodeJobID(jobID), Array(method.utf8), header.headerFrame(), payload]
        case .reply(let jobID, let header, let payload):
            return [Self.protocolID, [Code.reply.rawValue], Self.encodeJobID(jobID), header.headerFrame(), payload]
        case .heartbeat:
            return [Self.protocolID, [Code.heartbeat.rawValue]]
        case .disconnect:
            return [Self.protocolID, [Code.disconnect.rawValue]]
        }
    }

    /// Parses a worker-protocol message in either framing (after any ROUTER identity frame).
    public static func decode(_ frames: ArraySlice<[UInt8]>) -> Result<WorkerCommand, RPCError> {
        decodeWithFraming(frames).map(\.command)
    }

    /// Parses a message and says which framing it came in, so the answer can use the same one.
    public static func decodeWithFraming(_ frames: ArraySlice<[UInt8]>) -> Result<(command: WorkerCommand, framing: WorkerFraming), RPCError> {
        guard let first = frames.first else { return .failure(.invalidArgument("not an MMW1 or MMW2 worker command")) }
        if first.count >= 5 && first.starts(with: WorkerFraming.mmw2ID) {
            return decodeMMW2(frames).map { ($0, .mmw2) }
        }
        return decodeMMW1(frames).map { ($0, .mmw1) }
    }

    static func decodeMMW1(_ frames: ArraySlice<[UInt8]>) -> Result<WorkerCommand, RPCError> {
        let f = Array(frames)
        guard f.count >= 2, f[0] == protocolID, f[1].count == 1, let code = Code(rawValue: f[1][0]) else {
            return .failure(.invalidArgument("not an MMW1 or MMW2 worker command"))
        }
        do {
            switch (code, f.count) {
            case (.ready, 3):
                return .success(.ready(try Moodmusic_V1_WorkerReady(serializedBytes: f[2])))
            case (.request, 6):
                guard let id = decodeJobID(f[2]), let method = String(validating: f[3], as: UTF8.self) else { break }
                return .success(.request(jobID: id, method: method, header: try Moodmusic_V1_RequestHeader(headerFrame: f[4]), payload: f[5]))
            case (.reply, 5):
                guard let id = decodeJobID(f[2]) else { break }
                return .success(.reply(jobID: id, header: try Moodmusic_V1_ResponseHeader(headerFrame: f[3]), payload: f[4]))
            case (.heartbeat, 2):
                return .success(.heartbeat)
            case (.disconnect, 2):
                return .success(.disconnect)
            default:
                break
            }
        } catch {
            return .failure(.invalidArgument("unreadable protobuf in \(code) command"))
        }
        return .failure(.invalidArgument("malformed \(code) command (\(f.count) frames)"))
    }

    /// An 8-byte little-endian id, as the REQUEST and REPLY frames carry it.
    public static func encodeJobID(_ id: UInt64) -> [UInt8] {
        withUnsafeBytes(of: id.littleEndian) { Array($0) }
    }

    public static func decodeJobID(_ bytes: [UInt8]) -> UInt64? {
        bytes.count == 8 ? readJobID(bytes, at: 0) : nil
    }

    /// The 8-byte little-endian id at `start` (the caller checked there are 8 bytes).
    static func readJobID(_ bytes: [UInt8], at start: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<8 { value |= UInt64(bytes[start + i]) << (8 * UInt64(i)) }
        return value
    }
}
