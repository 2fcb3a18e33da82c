import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 server bound to 127.0.0.1: the sign-in's redirect listener, and the test
/// fake of Spotify. Lifecycle: `start` binds (port 0 = the kernel picks), `stop` closes the
/// listening socket and the event loop. Requests are answered by an async closure.
public final class LoopbackHTTPServer: Sendable {
    public struct Request: Sendable {
        public var method: String
        /// Path and query, e.g. "/callback?code=abc".
        public var target: String
        public var headers: [(String, String)]
        public var body: [UInt8]

        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]

        public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        public static func text(_ status: Int, _ text: String, contentType: String = "text/plain; charset=utf-8") -> Response {
            Response(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
        }
    }

    public typealias Handler = @Sendable (Request) async -> Response

    /// Requests bodies above this are answered 413: memory stays bounded.
    public static let maxBodyBytes = 1 << 20

    public let port: Int
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup

    private init(port: Int, channel: any Channel, group: MultiThreadedEventLoopGroup) {
        self.port = port
        self.channel = channel
        self.group = group
    }

    /// Binds 127.0.0.1:`port` and starts answering with `handler`.
    public static func start(port: Int = 0, handler: @escaping Handler) async throws -> LoopbackHTTPServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.pipeline.configureHTTPServerPipeline().flatMapThrowing {
                        try channel.pipeline.syncOperations.addHandler(RequestHandler(handler: handler))
                    }
                }
                .bind(host: "127.0.0.1", port: port).get()
            guard let bound = channel.localAddress?.port else { throw ChannelError.unknownLocalAddress }
            return LoopbackHTTPServer(port: bound, channel: channel, group: group)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// Closes the listener and its event loop. Call exactly once.
    public func stop() async {
        try? await channel.close().get()
        try? await group.shutdownGracefully()
    }

    private final class RequestHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let handler: Handler
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []
        private var tooLarge = false

        init(handler: @escaping Handler) { self.handler = handler }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = []
                tooLarge = false
            case .body(var buffer):
                if body.count + buffer.readableBytes > LoopbackHTTPServer.maxBodyBytes { tooLarge = true } else {
                    body += buffer.readBytes(length: buffer.readableBytes) ?? []
                }
            case .end:
                guard let head else { return }
                let request = Request(method: head.method.rawValue, target: head.uri,
                                      headers: head.headers.map { ($0.name, $0.value) }, body: body)
                let keepAlive = head.isKeepAlive
                let loop = context.eventLoop
                let bound = NIOLoopBound(context, eventLoop: loop)
                let handler = self.handler
                let tooLarge = self.tooLarge
                Task {
                    let response = tooLarge ? Response.text(413, "request body too large") : await handler(request)
                    loop.execute { Self.write(response, keepAlive: keepAlive, context: bound.value) }
                }
            }
        }

        private static func write(_ response: Response, keepAlive: Bool, context: ChannelHandlerContext) {
            var headers = HTTPHeaders(response.headers)
            headers.replaceOrAdd(name: "Content-Length", value: "\(response.body.count)")
            headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
            let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
            context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
            context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
            let done = context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)))
            if !keepAlive {
                let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
                done.whenComplete { _ in bound.value.close(promise: nil) }
            }
        }
    }
}
