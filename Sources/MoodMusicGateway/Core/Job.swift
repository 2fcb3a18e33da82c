import MoodMusicProtos
import MoodMusicVocabulary
import MoodMusicWire

/// Who is waiting for a job's answer.
enum JobOrigin: Equatable {
    /// A client request: reply to this connection with this request id.
    case client(ClientAddress, requestID: UInt64)
    /// A step of a gateway-orchestrated call (RecommendForImage).
    case flow(id: UInt64)
    /// A live session's frame: DetectEmotions, then the session's state (BrokerCore+LiveSessions.swift).
    case live(ClientAddress, requestID: UInt64, sessionID: String)
    /// One shard's part of a Recommend scattered over shards (BrokerCore+Shards.swift).
    case scatter(id: UInt64, shard: ShardSpec)
}

/// A call on its way to a worker: queued, or running on one.
struct Job {
    let id: UInt64
    let origin: JobOrigin
    let method: MethodDescriptor
    let header: Moodmusic_V1_RequestHeader
    let payload: [UInt8]
    let receivedNs: Int64
    let deadlineNs: Int64
    /// The pool it queues in: its service, or one shard's pool (`ShardLayout.poolName`).
    let pool: String
    /// How many workers it was sent to; a job whose worker died is re-sent once.
    var attempts = 0
    /// The worker running it, when running.
    var worker: [UInt8]?
    /// When it last joined its queue, and its open dispatch span (tracing).
    var queuedNs: Int64 = 0
    var dispatchSpan: DispatchSpan?
    /// The caller's span, for a client call's own span.
    var callParentID: String?
}

/// Where a client's answers go: its connection (the frontend ROUTER's identity for it) and the framing its calls use.
public struct ClientAddress: Hashable, Sendable {
    public let identity: [UInt8]
    public let framing: ClientFraming

    public init(identity: [UInt8], framing: ClientFraming) {
        self.identity = identity
        self.framing = framing
    }
}
