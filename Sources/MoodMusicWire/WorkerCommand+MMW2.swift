import MoodMusicProtos

/// How a worker message is split into frames. Each ZeroMQ frame costs work in both processes and in
/// both of libzmq's threads, so MMW2 carries in two frames what MMW1 carried in six
/// (docs/performance.md, "Fewer frames per worker message").
public enum WorkerFraming: Sendable, Equatable {
    case mmw1, mmw2

    static let mmw2ID: [UInt8] = Array("MMW2".utf8)
}

extension WorkerCommand {
    /// Appends the command's frames to `frames`: the gateway puts a worker's identity first, so a dispatch builds one
    /// array of frames and one command frame, with nothing copied twice.
    func encodeMMW2(into frames: inout [[UInt8]]) throws {
        switch self {
        case .ready(let ready):
            frames.append(Self.commandFrames[Int(Code.ready.rawValue)] + (try ready.serializedBytes() as [UInt8]))
        case .request(let jobID, let method, let header, let payload):
            let path = method.utf8
            guard path.count <= Int(UInt16.max) else { throw RPCError.invalidArgument("method path is \(path.count) bytes; MMW2 allows 65,535") }
            var writer = WireFormatWriter(capacity: 15 + path.count + header.estimatedFrameSize)
            writer.raw(Self.commandFrames[Int(Code.request.rawValue)])
            writer.fixed64(jobID)
            writer.fixed16(UInt16(path.count))
            writer.raw(path)
            header.write(to: &writer)
            frames.append(writer.bytes)
            frames.append(payload)
        case .reply(let jobID, let header, let payload):
            var writer = WireFormatWriter(capacity: 13 + header.estimatedFrameSize)
            writer.raw(Self.commandFrames[Int(Code.reply.rawValue)])
            writer.fixed64(jobID)
            header.write(to: &writer)
            frames.append(writer.bytes)
            frames.append(payload)
        case .heartbeat:
            frames.append(Self.commandFrames[Int(Code.heartbeat.rawValue)])
        case .disconnect:
            frames.append(Self.commandFrames[Int(Code.disconnect.rawValue)])
        }
    }

    /// "MMW2" and the command byte, by command code (index 0 is unused).
    private static let commandFrames: [[UInt8]] = (0...Code.disconnect.rawValue).map { WorkerFraming.mmw2ID + [$0] }

    static func decodeMMW2(_ frames: ArraySlice<[UInt8]>) -> Result<WorkerCommand, RPCError> {
        let first = frames[frames.startIndex]
        guard let code = Code(rawValue: first[4]) else { return .failure(.invalidArgument("unknown MMW2 command \(first[4])")) }
        let bodyStart = 5
        let wantsPayload = code == .request || code == .reply
        guard frames.count == (wantsPayload ? 2 : 1) else {
            return .failure(.invalidArgument("malformed \(code) command (\(frames.count) frames; MMW2 sends \(wantsPayload ? 2 : 1))"))
        }
        do {
            switch code {
            case .ready:
                return .success(.ready(try Moodmusic_V1_WorkerReady(serializedBytes: Array(first[bodyStart...]))))
            case .request:
                guard first.count >= bodyStart + 10 else { break }
                let jobID = readJobID(first, at: bodyStart)
                let pathCount = Int(first[bodyStart + 8]) | Int(first[bodyStart + 9]) << 8
                let pathStart = bodyStart + 10
                guard first.count - pathStart >= pathCount,
                      let method = String(validating: first[pathStart..<pathStart + pathCount], as: UTF8.self) else { break }
                let header = try Moodmusic_V1_RequestHeader(headerFrame: first, from: pathStart + pathCount)
                return .success(.request(jobID: jobID, method: method, header: header, payload: frames[frames.startIndex + 1]))
            case .reply:
                guard first.count >= bodyStart + 8 else { break }
                let header = try Moodmusic_V1_ResponseHeader(headerFrame: first, from: bodyStart + 8)
                return .success(.reply(jobID: readJobID(first, at: bodyStart), header: header, payload: frames[frames.startIndex + 1]))
            case .heartbeat, .disconnect:
                guard first.count == bodyStart else { break }
                return .success(code == .heartbeat ? .heartbeat : .disconnect)
            }
        } catch {
            return .failure(.invalidArgument("unreadable protobuf in \(code) command"))
        }
        return .failure(.invalidArgument("malformed \(code) command (\(first.count)-byte command frame)"))
    }
}
