import MoodMusicWire

/// The HTTP status for each gRPC status code, as Google publishes it (google/rpc/code.proto and
/// the grpc-gateway / Cloud Endpoints transcoding table). Every error the bridge answers goes
/// through this one function, so a code always has the same status.
public enum HTTPStatusMapping {
    public static func httpStatus(for code: StatusCode) -> Int {
        switch code {
        case .ok: 200
        case .cancelled: 499
        case .unknown: 500
        case .invalidArgument: 400
        case .deadlineExceeded: 504
        case .notFound: 404
        case .alreadyExists: 409
        case .permissionDenied: 403
        case .resourceExhausted: 429
        case .failedPrecondition: 400
        case .aborted: 409
        case .outOfRange: 400
        case .unimplemented: 501
        case .internal: 500
        case .unavailable: 503
        case .dataLoss: 500
        case .unauthenticated: 401
        case .UNRECOGNIZED: 500
        }
    }

    /// The reverse, for errors raised by the HTTP layer itself (unknown route, wrong method).
    public static func statusCode(forHTTPStatus status: Int) -> StatusCode {
        switch status {
        case 400: .invalidArgument
        case 401: .unauthenticated
        case 403: .permissionDenied
        case 404: .notFound
        case 405, 501: .unimplemented
        case 408, 504: .deadlineExceeded
        case 409: .aborted
        case 413, 429: .resourceExhausted
        case 415: .invalidArgument
        case 499: .cancelled
        case 503: .unavailable
        default: status >= 500 ? .internal : .invalidArgument
        }
    }
}
