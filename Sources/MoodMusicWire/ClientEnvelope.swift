import MoodMusicProtos
import SwiftProtobuf

/// The client side of the wire (docs/protocol.md, "Client protocol"). Two framings carry the same calls:
///
/// | framing | request, as a client's DEALER sends it                       | response, as the gateway sends it back |
/// |---------|--------------------------------------------------------------|----------------------------------------|
/// | MMC2    | `"MMC2"` + method length (2 bytes LE) + method + RequestHeader, payload | `"MMC2"` + ResponseHeader, payload |
/// | MMC1    | `""`, `"MMC1"`, method path, RequestHeader, payload          | `""`, `"MMC1"`, ResponseHeader, payload |
///
/// The gateway's ROUTER adds and strips the client's identity in front, and the gateway answers each call in the
/// framing it came in. MMC2 is what the Swift client sends: each frame costs work in every process and thread it
/// crosses (docs/performance.md, "Two frames per client message, mimalloc, fewer allocations"). MMC1 stays for REQ
/// sockets and older clients.
public enum ClientEnvelope {
    /// MMC1's protocol id and version; a new incompatible version changes it.
    public static let protocolID: [UInt8] = Array("MMC1".utf8)
    /// MMC2's, the first four bytes of its first frame.
    public static let mmc2ID: [UInt8] = Array("MMC2".utf8)

    public struct Request: Sendable {
        /// The method path as sent (UTF-8 checked).
        public var methodBytes: [UInt8]
        public var header: Moodmusic_V1_RequestHeader
        public var payload: [UInt8]

        public init(method: String, header: Moodmusic_V1_RequestHeader, payload: [UInt8]) {
            self.init(methodBytes: Array(method.utf8), header: header, payload: payload)
        }

        public init(methodBytes: [UInt8], header: Moodmusic_V1_RequestHeader, payload: [UInt8]) {
            self.methodBytes = methodBytes
            self.header = header
            self.payload = payload
        }

        public var method: String { String(decoding: methodBytes, as: UTF8.self) }
    }

    public struct Response: Sendable {
        public var header: Moodmusic_V1_ResponseHeader
        public var payload: [UInt8]

        public init(header: Moodmusic_V1_ResponseHeader, payload: [UInt8]) {
            self.header = header
            self.payload = payload
        }
    }

    public static func encode(_ request: Request, framing: ClientFraming = .mmc2) throws -> [[UInt8]] {
        switch framing {
        case .mmc1:
            return [[], protocolID, request.methodBytes, request.header.headerFrame(), request.payload]
        case .mmc2:
            let pathCount = request.methodBytes.count
            guard pathCount <= Int(UInt16.max) else { throw RPCError.invalidArgument("method path is \(pathCount) bytes; MMC2 allows 65,535") }
            var writer = WireFormatWriter(capacity: 6 + pathCount + request.header.estimatedFrameSize)
            writer.raw(mmc2ID)
            writer.fixed16(UInt16(pathCount))
            writer.raw(request.methodBytes)
            request.header.write(to: &writer)
            return [writer.bytes, request.payload]
        }
    }

    /// Parses the frames after the ROUTER identity, in either framing. The error is INVALID_ARGUMENT with the reason.
    public static func decodeRequest(_ frames: ArraySlice<[UInt8]>) -> Result<Request, RPCError> {
        switch framing(of: frames) {
        case .mmc2: decodeMMC2Request(frames)
        case .mmc1: decodeMMC1Request(frames)
        }
    }

    /// The framing a message uses, or claims to: what its answer uses, even when it is malformed.
    public static func framing(of frames: ArraySlice<[UInt8]>) -> ClientFraming {
        if frames.count <= 2, let first = frames.first, first.count >= 4, first.starts(with: mmc2ID) { return .mmc2 }
        return .mmc1
    }

    static func decodeMMC1Request(_ frames: ArraySlice<[UInt8]>) -> Result<Request, RPCError> {
        guard frames.count == 5 else {
            return .failure(.invalidArgument("a request has 5 frames (\"\", \"MMC1\", method, header, payload), or 2 in MMC2; got \(frames.count)"))
        }
        let first = frames.startIndex
        guard frames[first].isEmpty else { return .failure(.invalidArgument("frame 0 must be the empty delimiter")) }
        guard frames[first + 1] == protocolID else {
            return .failure(.invalidArgument("unsupported protocol '\(printable(frames[first + 1]))'; this gateway speaks MMC1 and MMC2"))
        }
        let header: Moodmusic_V1_RequestHeader
        do { header = try Moodmusic_V1_RequestHeader(headerFrame: frames[first + 3]) } catch {
            return .failure(.invalidArgument("frame 3 is not a valid RequestHeader protobuf"))
        }
        let method = frames[first + 2]
        guard Contract.method(pathBytes: method) != nil || String(validating: method, as: UTF8.self) != nil else {
            return .failure(.invalidArgument("method frame is not UTF-8"))
        }
        return .success(Request(methodBytes: method, header: header, payload: frames[first + 4]))
    }

    static func decodeMMC2Request(_ frames: ArraySlice<[UInt8]>) -> Result<Request, RPCError> {
        guard frames.count == 2 else {
            return .failure(.invalidArgument("an MMC2 request has 2 frames (command, payload); got \(frames.count)"))
        }
        let command = frames[frames.startIndex]
        guard command.count >= 6 else { return .failure(.invalidArgument("MMC2 command frame is \(command.count) bytes; it needs at least 6")) }
        let pathCount = Int(command[4]) | Int(command[5]) << 8
        guard command.count - 6 >= pathCount else {
            return .failure(.invalidArgument("MMC2 method length \(pathCount) runs past the \(command.count)-byte command frame"))
        }
        let path = command[6..<6 + pathCount]
        let methodBytes: [UInt8]
        if let declared = Contract.declaredPathBytes(path) {
            methodBytes = declared
        } else {
            guard String(validating: path, as: UTF8.self) != nil else { return .failure(.invalidArgument("method is not UTF-8")) }
            methodBytes = Array(path)
        }
        let header: Moodmusic_V1_RequestHeader
        do { header = try Moodmusic_V1_RequestHeader(headerFrame: command, from: 6 + pathCount) } catch {
            return .failure(.invalidArgument("the command frame's RequestHeader is not a valid protobuf"))
        }
        return .success(Request(methodBytes: methodBytes, header: header, payload: frames[frames.startIndex + 1]))
    }

    public static func encode(_ response: Response, framing: ClientFraming = .mmc1) throws -> [[UInt8]] {
        responseFrames(header: response.header, payload: response.payload, framing: framing)
    }

    /// A response's frames, after `identity` when one is given (the gateway's ROUTER routes by it).
    public static func responseFrames(routedTo identity: [UInt8]? = nil, header: Moodmusic_V1_ResponseHeader, payload: [UInt8],
                                      framing: ClientFraming) -> [[UInt8]] {
        var frames: [[UInt8]] = []
        frames.reserveCapacity(5)
        if let identity { frames.append(identity) }
        switch framing {
        case .mmc1:
            frames += [[], protocolID, header.headerFrame(), payload]
        case .mmc2:
            var writer = WireFormatWriter(capacity: 4 + header.estimatedFrameSize)
            writer.raw(mmc2ID)
            header.write(to: &writer)
            frames.append(writer.bytes)
            frames.append(payload)
        }
        return frames
    }

    /// Reads a response in either framing.
    public static func decodeResponse(_ frames: [[UInt8]]) -> Result<Response, RPCError> {
        do {
            if frames.count == 2, frames[0].count >= 4, frames[0].starts(with: mmc2ID) {
                return .success(Response(header: try Moodmusic_V1_ResponseHeader(headerFrame: frames[0], from: 4), payload: frames[1]))
            }
            guard frames.count == 4, frames[0].isEmpty, frames[1] == protocolID else {
                return .failure(.internalError("malformed response from gateway (\(frames.count) frames)"))
            }
            return .success(Response(header: try Moodmusic_V1_ResponseHeader(headerFrame: frames[2]), payload: frames[3]))
        } catch {
            return .failure(.internalError("gateway sent an unreadable ResponseHeader"))
        }
    }

    /// Up to 32 bytes of a frame, for error messages.
    static func printable(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(32), as: UTF8.self)
        return text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) ? text : "\(bytes.count) binary bytes"
    }
}

/// How a client frames its messages (`ClientEnvelope`); the gateway answers each call in the framing it came in.
public enum ClientFraming: Sendable, Hashable {
    case mmc1, mmc2
}

extension Moodmusic_V1_ResponseHeader {
    public init(requestID: UInt64, error: RPCError) {
        self.init()
        self.requestID = requestID
        code = error.code
        message = error.message
    }
}
