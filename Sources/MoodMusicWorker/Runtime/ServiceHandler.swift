import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire
import SwiftProtobuf

/// What a handler learns about the call besides its payload.
public struct CallContext: Sendable {
    /// The method called, e.g. "/moodmusic.v1.EmotionService/DetectEmotions".
    public let method: MethodDescriptor
    /// Monotonic ms after which the answer is no longer wanted.
    public let deadlineMs: Int64
    public let metadata: [String: String]
    /// Where this call's spans go, and (set by the runtime while the call runs) the call's own
    /// span, under which `stage` records.
    public let spans: any SpanSink
    public internal(set) var span: TraceParent?

    public init(method: MethodDescriptor, deadlineMs: Int64, metadata: [String: String], spans: any SpanSink = DiscardedSpans.shared) {
        self.method = method
        self.deadlineMs = deadlineMs
        self.metadata = metadata
        self.spans = spans
    }

    /// Milliseconds left before the deadline (negative once it has passed).
    public func remainingMs() -> Int64 { deadlineMs - MonotonicClock.nowMs() }

    /// Throws DEADLINE_EXCEEDED when the deadline has passed: handlers call it between stages
    /// so that work nobody waits for any more stops early.
    public func checkDeadline(stage: String) throws(RPCError) {
        if remainingMs() < 0 { throw RPCError(.deadlineExceeded, "deadline passed before \(stage) finished") }
    }
}

/// One service that a worker role serves. Roles are sets of handlers.
///
/// `handle` is called once per request, possibly from several threads at once (up to the
/// worker's `--concurrency`); it returns the serialized response or throws the status to send.
public protocol ServiceHandler: Sendable {
    /// Fully qualified service name, e.g. "moodmusic.v1.EmotionService".
    var service: String { get }
    /// True when this call is cheap enough to run on the I/O thread (no hop to a job thread).
    func runsInline(payload: [UInt8]) -> Bool
    func handle(payload: [UInt8], context: CallContext) throws(RPCError) -> [UInt8]
    /// "I/N" when the handler serves shard I of N of its data (READY tells the gateway); nil for all of it.
    var shard: String? { get }
}

extension ServiceHandler {
    public func runsInline(payload: [UInt8]) -> Bool { false }
    public var shard: String? { nil }
}

/// Decodes a request message, mapping a bad payload to INVALID_ARGUMENT.
public func decodeRequest<M: SwiftProtobuf.Message>(_ type: M.Type, from payload: [UInt8]) throws(RPCError) -> M {
    do { return try M(serializedBytes: payload) } catch {
        throw .invalidArgument("payload is not a valid \(M.protoMessageName) protobuf")
    }
}

/// Encodes a response message, mapping a failure to INTERNAL.
public func encodeResponse(_ message: some SwiftProtobuf.Message) throws(RPCError) -> [UInt8] {
    do { return try message.serializedBytes() } catch { throw .internalError("cannot encode \(type(of: message).protoMessageName)") }
}
