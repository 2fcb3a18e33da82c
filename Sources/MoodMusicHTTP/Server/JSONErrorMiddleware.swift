import Hummingbird
import MoodMusicWire
import NIOCore

/// Outermost middleware: turns every failure into `{"code", "message"}` JSON with the status
/// Google's mapping gives the code, and records each request in the bridge's metrics.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: BridgeMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let route = RouteLabel.forPath(request.uri.path)
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let rpcError = Self.rpcError(error)
            response = Self.errorResponse(rpcError)
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let code = response.status.code < 400 ? "OK" : response.headers[.init("x-moodmusic-code")!] ?? "\(response.status.code)"
        metrics.record(route: route, code: code, seconds: seconds)
        return response
    }

    static func rpcError(_ error: any Error) -> RPCError {
        switch error {
        case let error as RPCError:
            return error
        case let error as any HTTPResponseError:
            let code = HTTPStatusMapping.statusCode(forHTTPStatus: Int(error.status.code))
            let message = (error as? HTTPError)?.body ?? error.status.reasonPhrase
            return RPCError(code, message.isEmpty ? error.status.reasonPhrase : message)
        default:
            return .internalError("the HTTP bridge failed: \(error)")
        }
    }

    static func errorResponse(_ error: RPCError) -> Response {
        let body = BridgeErrorBody.json(error)
        return Response(status: .init(code: HTTPStatusMapping.httpStatus(for: error.code)),
                        headers: [.contentType: "application/json", .init("x-moodmusic-code")!: error.code.name],
                        body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
