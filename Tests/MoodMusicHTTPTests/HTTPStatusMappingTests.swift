import MoodMusicWire
import Testing
@testable import MoodMusicHTTP

@Suite struct HTTPStatusMappingTests {
    @Test func googlesTableForEveryCode() {
        let expected: [(StatusCode, Int)] = [
            (.ok, 200), (.cancelled, 499), (.unknown, 500), (.invalidArgument, 400), (.deadlineExceeded, 504),
            (.notFound, 404), (.alreadyExists, 409), (.permissionDenied, 403), (.resourceExhausted, 429),
            (.failedPrecondition, 400), (.aborted, 409), (.outOfRange, 400), (.unimplemented, 501),
            (.internal, 500), (.unavailable, 503), (.dataLoss, 500), (.unauthenticated, 401),
        ]
        for (code, status) in expected { #expect(HTTPStatusMapping.httpStatus(for: code) == status, "\(code.name)") }
        #expect(HTTPStatusMapping.httpStatus(for: .UNRECOGNIZED(99)) == 500)
    }

    @Test func httpLayerErrorsGetACode() {
        #expect(HTTPStatusMapping.statusCode(forHTTPStatus: 404) == .notFound)
        #expect(HTTPStatusMapping.statusCode(forHTTPStatus: 405) == .unimplemented)
        #expect(HTTPStatusMapping.statusCode(forHTTPStatus: 413) == .resourceExhausted)
        #expect(HTTPStatusMapping.statusCode(forHTTPStatus: 502) == .internal)
        #expect(HTTPStatusMapping.statusCode(forHTTPStatus: 418) == .invalidArgument)
    }

    @Test func errorBodyIsJSONWithCodeName() {
        let body = BridgeErrorBody.json(RPCError(.invalidArgument, "bad \"image\""))
        #expect(body == #"{"code":"INVALID_ARGUMENT","message":"bad \"image\""}"#)
    }
}
