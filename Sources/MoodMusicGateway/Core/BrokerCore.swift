import MoodMusicProtos
import MoodMusicVocabulary
import MoodMusicWire

/// The broker's decisions, with no I/O: events in (`handle`), effects out. It owns every piece
/// of routing state — per service, the waiting calls and the workers that serve it — and reads
/// no clock: the time comes with each event. `GatewayLoop` feeds it from sockets; tests feed it
/// by hand with a clock they move.
public struct BrokerCore {
    /// Per service (or per shard of one, `ShardLayout`): calls waiting, and the workers that serve it.
    struct ServiceState {
        /// Set for the pool of one shard: the service it is a shard of, and which shard.
        var shardOf: (service: String, shard: ShardSpec)? = nil
        var queue = ServiceQueue()
        var workers: Set<[UInt8]> = []
        /// Payload bytes of this service's calls held in the gateway, queued or running.
        var heldBytes = 0
    }

    struct FlowRecord {
        var flow: ImageRecommendationFlow
        let client: ClientAddress
        let requestID: UInt64
        let receivedNs: Int64
        let header: Moodmusic_V1_RequestHeader
        let deadlineNs: Int64
        /// The caller's span, for the flow's own span.
        var callParentID: String? = nil
    }

    let configuration: GatewayConfiguration
    var services: [String: ServiceState] = [:]
    var workers: [[UInt8]: WorkerRecord] = [:]
    var jobs: [UInt64: Job] = [:]
    var flows: [UInt64: FlowRecord] = [:]
    /// Recommend calls scattered over shards, waiting for the shards' answers (BrokerCore+Shards.swift).
    var scatters: [UInt64: RecommendScatter] = [:]
    /// Client-streaming uploads being assembled (BrokerCore+Uploads.swift).
    var uploads: [UploadKey: VideoUpload] = [:]
    /// Frames sent and answered per video call (BrokerCore+VideoProgress.swift).
    var progress = VideoProgressTable()
    /// Live sessions (BrokerCore+LiveSessions.swift).
    var live: LiveSessions
    var deadlines = DeadlineHeap()
    var nextID: UInt64 = 1
    var dispatchSequence: UInt64 = 0
    var lastHeartbeatNs: Int64 = 0
    /// Set by a drain: when it ends. nil while serving normally.
    var drainDeadlineNs: Int64?
    /// True once the drain has ended and workers were told DISCONNECT: the loop may close.
    public internal(set) var stopped = false
    /// True from the drain event on.
    public var isDraining: Bool { drainDeadlineNs != nil }
    var effects: [BrokerEffect] = []

    public init(configuration: GatewayConfiguration) {
        self.configuration = configuration
        live = LiveSessions(maxSessions: configuration.maxLiveSessions)
        for service in Contract.workerServices { services[service] = ServiceState() }
    }

    /// Handles one event at monotonic time `nowNs` and returns what to do, in order.
    public mutating func handle(_ event: BrokerEvent, nowNs: Int64) -> [BrokerEffect] {
        effects.removeAll(keepingCapacity: true)
        switch event {
        case .client(let identity, let frames): clientMessage(identity: identity, frames: frames, nowNs: nowNs)
        case .worker(let identity, let frames): workerMessage(identity: identity, frames: frames, nowNs: nowNs)
        case .tick: tick(nowNs: nowNs)
        case .drain(let graceNs): beginDrain(graceNs: graceNs, nowNs: nowNs)
        }
        return effects
    }

    /// When the loop should wake even if no message arrives (deadline, heartbeat or drain end).
    public func nextWakeNs() -> Int64 {
        var wake = lastHeartbeatNs + Int64(configuration.heartbeat.intervalMs) * 1_000_000
        if let earliest = deadlines.earliest { wake = min(wake, earliest) }
        if let drainDeadlineNs { wake = min(wake, drainDeadlineNs) }
        return wake
    }

    /// Calls the gateway still owes an answer: running or queued jobs and open flows.
    public var pendingCalls: Int {
        func ownCall(_ origin: JobOrigin) -> Bool {
            switch origin {
            case .flow, .scatter: false
            case .client, .live: true
            }
        }
        return jobs.values.filter { ownCall($0.origin) }.count + flows.count + scatters.values.filter { ownCall($0.parent.origin) }.count
    }

    // MARK: - Effects

    mutating func send(_ socket: BrokerEffect.Socket, _ frames: [[UInt8]]) { effects.append(.send(socket, frames)) }
    mutating func log(_ level: BrokerLogEntry.Level, _ message: String, _ metadata: [String: String] = [:]) {
        effects.append(.log(BrokerLogEntry(level: level, message: message, metadata: metadata)))
    }
    mutating func metric(_ metric: BrokerMetric) { effects.append(.metric(metric)) }

    /// Sends a response to a client and records the call.
    mutating func answer(client: ClientAddress, requestID: UInt64, method: String, receivedNs: Int64, nowNs: Int64,
                         _ result: Result<[UInt8], RPCError>) {
        var header = Moodmusic_V1_ResponseHeader()
        header.requestID = requestID
        var payload: [UInt8] = []
        switch result {
        case .success(let bytes): payload = bytes
        case .failure(let error):
            header.code = error.code
            header.message = error.message
        }
        metric(.request(method: method, code: header.code, durationNs: UInt64(max(0, nowNs - receivedNs))))
        send(.frontend, ClientEnvelope.responseFrames(routedTo: client.identity, header: header, payload: payload, framing: client.framing))
    }

    /// Payload bytes of every call the gateway holds, queued or running: the sum of the services'
    /// `heldBytes`, kept by `hold` and `release` (read on every call, so not summed each time).
    public private(set) var heldBytes = 0

    mutating func hold(_ bytes: Int, in service: String) { hold(bytes, at: services.index(forKey: service)!) }

    mutating func release(_ bytes: Int, in service: String) { release(bytes, at: services.index(forKey: service)!) }

    /// `hold` for a pool already found (the call path finds its pool once).
    mutating func hold(_ bytes: Int, at pool: [String: ServiceState].Index) {
        services.inPlace(at: pool) { $0.heldBytes += bytes }
        heldBytes += bytes
    }

    mutating func release(_ bytes: Int, at pool: [String: ServiceState].Index) {
        services.inPlace(at: pool) { $0.heldBytes -= bytes }
        heldBytes -= bytes
    }

    mutating func publishGauges() {
        for service in Contract.workerServices {
            metric(.queueDepth(service: service, depth: queuedCount(serving: service)))
            metric(.liveWorkers(service: service, count: liveWorkerCount(serving: service)))
        }
        metric(.queuedBytes(heldBytes))
    }
}
