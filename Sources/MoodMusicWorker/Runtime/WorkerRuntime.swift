import Foundation
import Logging
import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire

/// Connects a worker to the gateway's backend and serves its handlers (docs/protocol.md,
/// "Worker protocol"): READY, then REQUEST/REPLY, HEARTBEAT both ways; reconnects with
/// exponential back-off when the gateway falls silent.
///
/// Lifecycle: `run()` serves on the calling thread until `stop` is triggered, then sends
/// DISCONNECT, finishes in-flight work (at most `drainTimeoutMs`, job threads included) and returns.
public final class WorkerRuntime {
    public let stop: StopToken
    private let configuration: WorkerConfiguration
    private let handlers: [String: any ServiceHandler]
    private let transport: any MessageTransport
    private let logger: Logger
    private let metrics: WorkerMetrics
    private let completionEndpoint = "inproc://completions-\(UUID().uuidString)"

    private var socket: (any MessageSocket)?
    /// Messages for the gateway, sent by `flush()` in groups (`messagesPerSendGroup`).
    private var outbox: [[[UInt8]]] = []
    /// The gateway's message being handled; its storage is reused from one message to the next.
    private var received: [[UInt8]] = []
    /// Bumped on every reconnect; results of jobs from an older connection are dropped,
    /// because the gateway has already given those jobs to another worker.
    private var epoch: UInt64 = 0
    /// Jobs of the current connection not yet answered.
    private var inFlight = 0
    /// Jobs of older connections still holding a job thread.
    private var staleRunning = 0
    /// READY waits until stale jobs have freed their threads, so the capacity it announces is real.
    private var readyPending = false
    private var lastHeardMs: Int64 = 0
    private var lastSentMs: Int64 = 0
    private var backoffMs: Int
    private var draining = false
    /// Parsed method paths of the calls this worker serves (bounded by the handlers' methods).
    private var servedMethods: [String: MethodDescriptor] = [:]
    private var drainDeadlineMs: Int64 = 0

    public init(configuration: WorkerConfiguration, handlers: [any ServiceHandler], transport: any MessageTransport,
                metrics: WorkerMetrics, logger: Logger, stop: StopToken = StopToken()) {
        self.configuration = configuration
        self.handlers = Dictionary(handlers.map { ($0.service, $0) }, uniquingKeysWith: { first, _ in first })
        self.transport = transport
        self.metrics = metrics
        self.logger = logger
        self.stop = stop
        backoffMs = configuration.reconnectInitialMs
    }

    public func run() throws {
        let completions = try transport.pull(binding: completionEndpoint)
        defer { completions.close() }
        let metrics = self.metrics
        let pool = try JobPool(threads: configuration.concurrency, transport: transport, completionEndpoint: completionEndpoint,
                               logger: logger) { work in
            JobExecution.run(work.handler, payload: work.payload, context: work.context, requestID: work.requestID, metrics: metrics)
        }
        try connect()

        // While messages keep coming, the sockets are read again without waiting: the wait is a system call, and
        // under load the next message is usually there already.
        var busy = false
        while true {
            if stop.isTriggered && !draining { try beginDrain() }
            let now = MonotonicClock.nowMs()
            if draining && ((inFlight == 0 && staleRunning == 0) || now >= drainDeadlineMs) { break }

            guard let socket else {
                try waitForReconnect(completions: completions)
                continue
            }
            try flush()
            var (gatewayReady, completionsReady) = (true, true)
            if !busy {
                let readable = try transport.wait(for: [socket, completions], timeoutMs: min(configuration.heartbeat.intervalMs / 2, 250))
                (gatewayReady, completionsReady) = (readable[0], readable[1])
            }
            busy = false
            if gatewayReady {
                for index in 1...256 {
                    guard try socket.receive(into: &received) else { break }
                    busy = true
                    try handleGatewayMessage(received, pool: pool)
                    if index % messagesPerSendGroup == 0 { try flush() }
                }
            }
            if completionsReady { busy = try collectCompletions(completions) > 0 || busy }
            try flush()
            let after = MonotonicClock.nowMs()
            if after - lastSentMs >= Int64(configuration.heartbeat.intervalMs) { try send(.heartbeat) }
            if after - lastHeardMs > Int64(configuration.heartbeat.expiryMs) {
                logger.warning("gateway silent; reconnecting", metadata: ["silent_ms": "\(after - lastHeardMs)", "backoff_ms": "\(backoffMs)"])
                disconnectSocket()
            }
        }
        if socket != nil { try? send(.disconnect) }
        disconnectSocket()
        let joined = pool.shutDown(timeoutMs: max(0, Int(drainDeadlineMs - MonotonicClock.nowMs())) + 100)
        logger.info("worker stopped", metadata: ["unfinished": "\(inFlight + staleRunning)", "threads_joined": "\(joined)"])
    }

    // MARK: - Connection

    private func connect() throws {
        let socket = try transport.dealer(connectingTo: configuration.gateway, options: SocketOptions(security: configuration.security))
        self.socket = socket
        epoch += 1
        staleRunning += inFlight
        inFlight = 0
        lastHeardMs = MonotonicClock.nowMs()
        readyPending = true
        try sendReadyIfFree()
        logger.info("worker connecting", metadata: ["gateway": "\(configuration.gateway)", "services": "\(handlers.keys.sorted())"])
    }

    private func sendReadyIfFree() throws {
        guard readyPending, staleRunning == 0, !draining else { return }
        readyPending = false
        var ready = Moodmusic_V1_WorkerReady()
        ready.services = handlers.keys.sorted()
        ready.capacity = UInt32(configuration.capacity)
        ready.name = configuration.name
        ready.heartbeatMs = UInt32(configuration.heartbeat.intervalMs)
        ready.shard = handlers.values.compactMap(\.shard).first ?? ""
        try send(.ready(ready))
    }

    private func disconnectSocket() {
        try? flush()
        outbox.removeAll()
        socket?.close()
        socket = nil
    }

    /// Waits out the back-off (still collecting finished jobs, whose results are now stale),
    /// then reconnects and doubles the next back-off.
    private func waitForReconnect(completions: any MessageSocket) throws {
        let wakeAt = MonotonicClock.nowMs() + Int64(backoffMs)
        while MonotonicClock.nowMs() < wakeAt && !stop.isTriggered {
            if try transport.wait(for: [completions], timeoutMs: 100)[0] { try collectCompletions(completions) }
        }
        if stop.isTriggered {
            draining = true
            drainDeadlineMs = MonotonicClock.nowMs() + Int64(configuration.drainTimeoutMs)
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

    /// Queues a message for the gateway; the run loop flushes before it waits.
    private func send(_ command: WorkerCommand) throws {
        guard socket != nil else { return }
        outbox.append(try command.encode())
    }

    private func flush() throws {
        guard let socket, !outbox.isEmpty else { return }
        defer { outbox.removeAll(keepingCapacity: true) }
        for frames in outbox { try socket.send(frames) }
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
            readyPending = true
            try sendReadyIfFree()
        case .success(.heartbeat), .success(.ready), .success(.reply):
            break
        }
    }

    private func start(jobID: UInt64, path: String, header: Moodmusic_V1_RequestHeader, payload: [UInt8], pool: JobPool) throws {
        guard let method = servedMethods[path] ?? MethodDescriptor(path: path), let handler = handlers[method.service] else {
            let error = RPCError.unimplemented("this worker does not serve \(path)")
            metrics.record(method: path, code: error.code, durationNs: 0)
            return try send(.reply(jobID: jobID, header: Moodmusic_V1_ResponseHeader(requestID: header.requestID, error: error), payload: []))
        }
        if servedMethods.count < 256 { servedMethods[path] = method }
        let timeoutMs = header.timeoutMs == 0 ? 30_000 : Int64(header.timeoutMs)
        let context = CallContext(method: method, deadlineMs: MonotonicClock.nowMs() + timeoutMs, metadata: header.metadata, spans: configuration.spans)
        inFlight += 1
        metrics.setInFlight(inFlight)
        if handler.runsInline(payload: payload) {
            let (responseHeader, body) = JobExecution.run(handler, payload: payload, context: context, requestID: header.requestID, metrics: metrics)
            inFlight -= 1
            try send(.reply(jobID: jobID, header: responseHeader, payload: body))
        } else {
            pool.submit(.init(epoch: epoch, jobID: jobID, requestID: header.requestID, handler: handler, payload: payload, context: context))
        }
    }

    /// Job threads finished: frames are epoch, job id, ResponseHeader, payload. Returns how many it read.
    @discardableResult
    private func collectCompletions(_ completions: any MessageSocket) throws -> Int {
        for index in 0..<256 {
            guard let frames = try completions.receive() else { return index }
            guard frames.count == 4, let jobEpoch = WorkerCommand.decodeJobID(frames[0]),
                  let jobID = WorkerCommand.decodeJobID(frames[1]),
                  let header = try? Moodmusic_V1_ResponseHeader(headerFrame: frames[2]) else { continue }
            guard jobEpoch == epoch else {
                staleRunning = max(0, staleRunning - 1)
                try sendReadyIfFree()
                continue
            }
            inFlight -= 1
            metrics.setInFlight(inFlight)
            try send(.reply(jobID: jobID, header: header, payload: frames[3]))
        }
        return 256
    }
}
