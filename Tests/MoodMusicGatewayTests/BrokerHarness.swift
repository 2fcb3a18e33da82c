@testable import MoodMusicGateway
import MoodMusicProtos
import MoodMusicWire

/// Drives a `BrokerCore` by hand: a clock that only moves when told, clients and workers that
/// are just identities, and readers for what the core sent. No sockets, no sleeps.
struct BrokerHarness {
    var core: BrokerCore
    var nowNs: Int64 = 1_000_000_000
    private(set) var log: [BrokerEffect] = []
    private var nextRequestID: UInt64 = 1

    init(_ adjust: (inout GatewayConfiguration) -> Void = { _ in }) {
        var configuration = GatewayConfiguration()
        adjust(&configuration)
        core = BrokerCore(configuration: configuration)
    }

    @discardableResult
    mutating func handle(_ event: BrokerEvent) -> [BrokerEffect] {
        let effects = core.handle(event, nowNs: nowNs)
        log += effects
        return effects
    }

    mutating func advance(ms: Int64) -> [BrokerEffect] {
        nowNs += ms * 1_000_000
        return handle(.tick)
    }

    // MARK: Workers

    @discardableResult
    mutating func ready(_ worker: String, services: [String], capacity: UInt32 = 1, shard: String = "") -> [BrokerEffect] {
        var ready = Moodmusic_V1_WorkerReady()
        ready.services = services
        ready.capacity = capacity
        ready.name = worker
        ready.shard = shard
        return fromWorker(worker, .ready(ready))
    }

    @discardableResult
    mutating func fromWorker(_ worker: String, _ command: WorkerCommand) -> [BrokerEffect] {
        handle(.worker(identity: Array(worker.utf8), frames: try! command.encode()[...]))
    }

    @discardableResult
    mutating func reply(_ worker: String, job: UInt64, code: StatusCode = .ok, payload: [UInt8] = []) -> [BrokerEffect] {
        var header = Moodmusic_V1_ResponseHeader()
        header.code = code
        return fromWorker(worker, .reply(jobID: job, header: header, payload: payload))
    }

    // MARK: Clients

    /// Sends a call; returns its request id.
    mutating func call(_ client: String = "client", _ method: MethodDescriptor, payload: [UInt8] = [], timeoutMs: UInt32 = 0,
                       waitForReady: Bool = false, metadata: [String: String] = [:], framing: ClientFraming = .mmc2) -> UInt64 {
        let id = nextRequestID
        nextRequestID += 1
        var header = Moodmusic_V1_RequestHeader()
        header.requestID = id
        header.timeoutMs = timeoutMs
        header.waitForReady = waitForReady
        header.metadata = metadata
        let frames = try! ClientEnvelope.encode(.init(method: method.path, header: header, payload: payload), framing: framing)
        handle(.client(identity: Array(client.utf8), frames: frames[...]))
        return id
    }

    mutating func echo(_ client: String = "client", bytes: Int = 0, timeoutMs: UInt32 = 0, waitForReady: Bool = false) -> UInt64 {
        var request = Moodmusic_V1_EchoRequest()
        request.payload = .init(repeating: 7, count: bytes)
        return call(client, Contract.echo, payload: try! request.serializedBytes(), timeoutMs: timeoutMs, waitForReady: waitForReady)
    }

    // MARK: Reading effects

    struct SentRequest: Equatable { let worker: String; let jobID: UInt64; let method: String; let header: Moodmusic_V1_RequestHeader; let payload: [UInt8] }
    struct Answer: Equatable { let client: String; let header: Moodmusic_V1_ResponseHeader; let payload: [UInt8] }

    static func requests(in effects: [BrokerEffect]) -> [SentRequest] {
        effects.compactMap { effect in
            guard case .send(.backend, let frames) = effect,
                  case .success(.request(let id, let method, let header, let payload)) = WorkerCommand.decode(frames[1...]) else { return nil }
            return SentRequest(worker: String(decoding: frames[0], as: UTF8.self), jobID: id, method: method, header: header, payload: payload)
        }
    }

    static func commands(in effects: [BrokerEffect], to worker: String) -> [WorkerCommand] {
        effects.compactMap { effect in
            guard case .send(.backend, let frames) = effect, frames[0] == Array(worker.utf8),
                  case .success(let command) = WorkerCommand.decode(frames[1...]) else { return nil }
            return command
        }
    }

    /// Answers to clients, in either framing.
    static func answers(in effects: [BrokerEffect]) -> [Answer] {
        effects.compactMap { effect in
            guard case .send(.frontend, let frames) = effect, frames.count >= 3,
                  case .success(let response) = ClientEnvelope.decodeResponse(Array(frames[1...])) else { return nil }
            return Answer(client: String(decoding: frames[0], as: UTF8.self), header: response.header, payload: response.payload)
        }
    }

    static func metrics(in effects: [BrokerEffect]) -> [BrokerMetric] {
        effects.compactMap { if case .metric(let metric) = $0 { metric } else { nil } }
    }
}
