import NIOCore
import NIOHTTP1

/// Answers the one request a connection carries, then closes it. Closes it earlier when the
/// connection's time is up or it goes idle. Request bodies are read and dropped, never kept.
final class MetricsRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let answer: @Sendable (_ method: String, _ uri: String) -> MetricsHTTPResponse
    private let connectionTime: TimeAmount
    private var request: HTTPRequestHead?
    private var answered = false
    private var lifetime: Scheduled<Void>?

    init(connectionTime: TimeAmount, answer: @escaping @Sendable (String, String) -> MetricsHTTPResponse) {
        self.connectionTime = connectionTime
        self.answer = answer
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        lifetime = context.eventLoop.scheduleTask(in: connectionTime) { channel.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        lifetime?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head
        case .body:
            break
        case .end:
            guard let request, !answered else { return }
            answered = true
            respond(context: context, to: request)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    private func respond(context: ChannelHandlerContext, to request: HTTPRequestHead) {
        let response = answer(request.method.rawValue, request.uri)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: "\(response.body.count)")
        headers.add(name: "Connection", value: "close")
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: response.body.count)
        buffer.writeBytes(response.body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
