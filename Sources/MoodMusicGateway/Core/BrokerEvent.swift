import MoodMusicWire
/// What happens to the broker. The loop turns socket reads and the clock into events; tests
/// make them by hand.
public enum BrokerEvent: Sendable {
    /// A message on the frontend: the client's ROUTER identity, then the MMC2 or MMC1 frames.
    case client(identity: [UInt8], frames: ArraySlice<[UInt8]>)
    /// A message on the backend: the worker's ROUTER identity, then the MMW2 (or MMW1) frames.
    case worker(identity: [UInt8], frames: ArraySlice<[UInt8]>)
    /// Time passed: expire deadlines, send heartbeats, drop silent workers, end a drain.
    case tick
    /// Stop taking new calls; finish what is queued or running until `graceNs` has passed.
    case drain(graceNs: Int64)
}

/// What the broker wants done. The loop performs these in order; tests read them.
public enum BrokerEffect: Sendable, Equatable {
    public enum Socket: Sendable, Equatable { case frontend, backend }

    /// Send these frames (the peer's identity first) on a socket.
    case send(Socket, [[UInt8]])
    case log(BrokerLogEntry)
    case metric(BrokerMetric)
    /// A finished span, for the exporter.
    case span(SpanRecord)
}

public struct BrokerLogEntry: Sendable, Equatable {
    public enum Level: Sendable, Equatable { case debug, info, warning }
    public let level: Level
    public let message: String
    public let metadata: [String: String]
}

public enum BrokerMetric: Sendable, Equatable {
    /// A call answered: its method (or "malformed"/"unknown"), status and time in the gateway.
    case request(method: String, code: StatusCode, durationNs: UInt64)
    case malformedMessage
    case retried
    case heartbeatFailure
    case queueDepth(service: String, depth: Int)
    case liveWorkers(service: String, count: Int)
    case queuedBytes(Int)
}
