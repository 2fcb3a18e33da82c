import Foundation
import Logging
import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire

/// Connects a worker to the gateway's backend and serves its handlers (docs/protocol.md,
/// "Worker protocol"): READY, then REQUEST/REPLY, HEARTBEAT both ways; reconnects with
/// exponential back-off when the gateway falls silent; on SIGTERM sends DISCONNECT, finishes
/// what it is running, and returns.
public final class WorkerRuntime {
    private let configuration: WorkerConfiguration
    private let handlers: [String: any ServiceHandler]
    private let context: ZMQContext
    private let logger: Logger
    private let metrics: WorkerMetrics
    private let completionEndpoint = "inproc://completions-\(UUID().uuidString)"

    private var socket: ZMQSocket?
    /// Bumped on every reconnect; results of jobs from an older connection are dropped,
    /// because the gateway has already given those jobs to another worker.
    private var epoch: UInt64 = 0
    private var inFlight = 0
    private var lastHeardMs: Int64 = 0
    private var lastSentMs: Int64 = 0
    private var backoffMs: Int
    private var draining = false
    private var drainDeadlineMs: Int64 = 0

    public init(configuration: WorkerConfiguration, handlers: [any ServiceHandler], context: ZMQContext, metrics: WorkerMetrics, logger: Logger) {
        self.configuration = configuration
        self.handlers = Dictionary(handlers.map { ($0.service, $0) }, uniquingKeysWith: { first, _ in first })
        self.context = context
        self.metrics = metrics
        self.logger = logger
        backoffMs = configuration.reconnectInitialMs
    }

    public func run() throws {
        let completions = try ZMQSocket(context: context, kind: .pull)
        try completions.bind(completionEndpoint)
        let metrics = self.metrics
        let pool = JobPool(threads: configuration.concurrency, context: context, completionEndpoint: completionEndpoint) { work in
            Self.execute(work.handler, payload: work.payload, context: work.context, requestID: work.requestID, metrics: metrics)
        }
        try connect()

        while true {
            if ShutdownSignal.requested && !draining { try beginDrain() }
            let now = MonotonicClock.nowMs()
            if draining && (inFlight == 0 || now >= drainDeadlineMs) { break }

            guard let socket else {
                try waitForReconnect(completions: completions)
                continue
            }
            var poller = ZMQPoller([socket, completions])
            let readable = try poller.poll(timeoutMs: configuration.heartbeat.intervalMs / 2)
            if readable[0] {
                for _ in 0..<256 {
                    guard let frames = try socket.receive(dontWait: true) else { break }
                    try handleGatewayMessage(frames, pool: pool)
                }
            }
            if readable[1] {
                for _ in 0..<256 {
                    guard let frames = try completions.receive(dontWait: true) else { break }
                    try forwardCompletion(frames)
                }
            }
            let after = MonotonicClock.nowMs()
            if after - lastSentMs >= Int64(configuration.heartbeat.intervalMs) {
                try send(.heartbeat)
            }
            if after - lastHeardMs > Int64(configuration.heartbeat.expiryMs) {
                logger.warning("gateway silent; reconnecting", metadata: ["silent_ms": "\(after - lastHeardMs)", "backoff_ms": "\(backoffMs)"])
                disconnectSocket()
            }
        }
        if let socket { _ = try? socket.send(try WorkerCommand.disconnect.encode()) }
        disconnectSocket()
        pool.shutDown()
        completions.close()
        logger.info("worker stopped", metadata: ["unfinished": "\(inFlight)"])
    }

    // MARK: - Connection

    private func connect() throws {
        let socket = try ZMQSocket(context: context, kind: .dealer)
        try socket.setHighWaterMarks(100_000)
        try socket.connect(configuration.gateway)
        self.socket = socket
        epoch += 1
        inFlight = 0
        lastHeardMs = MonotonicClock.nowMs()
        try sendReady()
        logger.info("worker connecting", metadata: ["gateway": "\(configuration.gateway)", "services": "\(handlers.keys.sorted())"])
    }

    private func sendReady() throws {
        var ready = Moodmusic_V1_WorkerReady()
        ready.services = handlers.keys.sorted()
        ready.capacity = UInt32(configuration.capacity)
        ready.name = configuration.name
        ready.heartbeatMs = UInt32(configuration.heartbeat.intervalMs)
        try send(.ready(ready))
    }

    private func disconnectSocket() {
        socket?.close()
        socket = nil
    }

    /// Sleeps out the back-off (still collecting finished jobs, whose results are now stale),
    /// then reconnects and doubles the next back-off.
    private func waitForReconnect(completions: ZMQSocket) throws {
        let wakeAt = MonotonicClock.nowMs() + Int64(backoffMs)
        var poller = ZMQPoller([completions])
        while MonotonicClock.nowMs() < wakeAt && !ShutdownSignal.requested {
            let readable = try poller.poll(timeoutMs: 100)
            if readable[0], let frames = try completions.receive(dontWait: true) { try forwardCompletion(frames) }
        }
        if ShutdownSignal.requested {
            draining = true
            drainDeadlineMs = MonotonicClock.nowMs()
            return
        }
        backoffMs = min(backoffMs * 2, configuration.reconnectMaxMs)
        try connect()
    }

    private func beginDrain() throws {
        draining = true
        drainDeadlineMs = MonotonicClock.nowMs() + Int64(configuration.drainTimeoutMs)
        logger.info("draining: finishing in-flight work before leaving", metadata: ["in_flight": "\(inFlight)"])
        if socket != nil { try send(.disconnect) }
    }

    private func send(_ command: WorkerCommand) throws {
        guard let socket else { return }
        try socket.send(try command.encode())
        lastSentMs = MonotonicClock.nowMs()
    }

    // MARK: - Requests

    private func handleGatewayMessage(_ frames: [[UInt8]], pool: JobPool) throws {
        lastHeardMs = MonotonicClock.nowMs()
        backoffMs = configuration.reconnectInitialMs
        switch WorkerCommand.decode(frames[...]) {
        case .failure(let error):
            logger.warning("malformed message from gateway", metadata: ["error": "\(error)"])
        case .success(.request(let jobID, let path, let header, let payload)):
            try start(jobID: jobID, path: path, header: header, payload: payload, pool: pool)
        case .success(.disconnect):
            // The gateway does not know us (it restarted or dropped us): register again.
            if !draining { try sendReady() }
        case .success(.heartbeat), .success(.ready), .success(.reply):
            break
        }
    }

    private func start(jobID: UInt64, path: String, header: Moodmusic_V1_RequestHeader, payload: [UInt8], pool: JobPool) throws {
        guard let method = MethodDescriptor(path: path), let handler = handlers[method.service] else {
            let error = RPCError.unimplemented("this worker does not serve \(path)")
            metrics.record(method: path, code: error.code, durationNs: 0)
            return try send(.reply(jobID: jobID, header: Moodmusic_V1_ResponseHeader(requestID: header.requestID, error: error), payload: []))
        }
        let context = CallContext(method: method, deadlineMs: MonotonicClock.nowMs() + Int64(header.timeoutMs == 0 ? 30_000 : header.timeoutMs), metadata: header.metadata)
        inFlight += 1
        metrics.setInFlight(inFlight)
        if handler.runsInline(payload: payload) {
            let (responseHeader, body) = Self.execute(handler, payload: payload, context: context, requestID: header.requestID, metrics: metrics)
            inFlight -= 1
            try send(.reply(jobID: jobID, header: responseHeader, payload: body))
        } else {
            pool.submit(.init(epoch: epoch, jobID: jobID, requestID: header.requestID, handler: handler, payload: payload, context: context))
        }
    }

    /// Runs one call and turns its outcome into a response; never throws.
    private static func execute(_ handler: any ServiceHandler, payload: [UInt8], context: CallContext, requestID: UInt64, metrics: WorkerMetrics) -> (Moodmusic_V1_ResponseHeader, [UInt8]) {
        let started = MonotonicClock.nowNs()
        var header = Moodmusic_V1_ResponseHeader()
        header.requestID = requestID
        var body: [UInt8] = []
        if MonotonicClock.nowMs() > context.deadlineMs {
            header = Moodmusic_V1_ResponseHeader(requestID: requestID, error: RPCError(.deadlineExceeded, "deadline passed before the worker started"))
        } else {
            do {
                body = try handler.handle(payload: payload, context: context)
            } catch {
                header = Moodmusic_V1_ResponseHeader(requestID: requestID, error: error)
            }
        }
        metrics.record(method: context.method.path, code: header.code, durationNs: MonotonicClock.nowNs() &- started)
        return (header, body)
    }

    /// A job thread finished: frames are epoch, job id, ResponseHeader, payload.
    private func forwardCompletion(_ frames: [[UInt8]]) throws {
        guard frames.count == 4, let jobEpoch = WorkerCommand.decodeJobID(frames[0]),
              let jobID = WorkerCommand.decodeJobID(frames[1]),
              let header = try? Moodmusic_V1_ResponseHeader(serializedBytes: frames[2]) else { return }
        guard jobEpoch == epoch else { return }
        inFlight -= 1
        metrics.setInFlight(inFlight)
        try send(.reply(jobID: jobID, header: header, payload: frames[3]))
    }
}
