import MoodMusicProtos
import SwiftProtobuf

/// The client side of the wire (docs/protocol.md, "Client protocol").
///
/// Request, as a client's DEALER sends it:  `""`, `"MMC1"`, method path, RequestHeader, payload
/// Response, as the gateway sends it back:  `""`, `"MMC1"`, ResponseHeader, payload
/// (the gateway's ROUTER adds and strips the client's identity in front).
public enum ClientEnvelope {
    /// Protocol id and version; a new incompatible version changes it.
    public static let protocolID: [UInt8] = Array("MMC1".utf8)

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

    public static func encode(_ request: Request) throws -> [[UInt8]] {
        [[], protocolID, request.methodBytes, request.header.headerFrame(), request.payload]
    }

    /// Parses the frames after the ROUTER identity. The error is INVALID_ARGUMENT with the reason.
    public static func decodeRequest(_ frames: ArraySlice<[UInt8]>) -> Result<Request, RPCError> {
        guard frames.count == 5 else {
            return .failure(.invalidArgument("a request has 5 frames (\"\", \"MMC1\", method, header, payload); got \(frames.count)"))
        }
        let first = frames.startIndex
        guard frames[first].isEmpty else { return .failure(.invalidArgument("frame 0 must be the empty delimiter")) }
        guard frames[first + 1] == protocolID else {
            return .failure(.invalidArgument("unsupported protocol '\(printable(frames[first + 1]))'; this gateway speaks MMC1"))
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

    public static func encode(_ response: Response) throws -> [[UInt8]] {
        [[], protocolID, response.header.headerFrame(), response.payload]
    }

    public static func decodeResponse(_ frames: [[UInt8]]) -> Result<Response, RPCError> {
        guard frames.count == 4, frames[0].isEmpty, frames[1] == protocolID else {
            return .failure(.internalError("malformed response from gateway (\(frames.count) frames)"))
        }
        do {
            let header = try Moodmusic_V1_ResponseHeader(headerFrame: frames[2])
            return .success(Response(header: header, payload: frames[3]))
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

extension Moodmusic_V1_ResponseHeader {
    public init(requestID: UInt64, error: RPCError) {
        self.init()
        self.requestID = requestID
        code = error.code
        message = error.message
    }
}
