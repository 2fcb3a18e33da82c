import Logging
import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire

/// The gateway's event loop: clients on the frontend ROUTER, workers on the backend ROUTER,
/// one thread, no locks. Routing is least-recently-used among workers with free capacity.
///
/// Lifecycle: `init` binds both sockets; `run()` serves until `ShutdownSignal` is raised, then
/// answers what is still queued with UNAVAILABLE, tells workers DISCONNECT and closes the sockets.
public final class Broker {
    let configuration: GatewayConfiguration
    let metrics: GatewayMetrics
    private let logger: Logger
    private let frontend: ZMQSocket
    private let backend: ZMQSocket

    private var workers: [[UInt8]: WorkerRecord] = [:]
    private var jobs: [UInt64: Job] = [:]
    private var queues: [String: BoundedQueue] = [:]
    /// Live (not yet expired) queued jobs per service; the queues may hold stale ids.
    private var queuedCount: [String: Int] = [:]
    private var deadlines = DeadlineHeap()
    private var flows: [UInt64: (flow: ImageRecommendationFlow, identity: [UInt8], requestID: UInt64, receivedNs: UInt64, header: Moodmusic_V1_RequestHeader, deadlineMs: Int64)] = [:]
    private var nextID: UInt64 = 1
    private var dispatchSequence: UInt64 = 0
    private var lastHeartbeatMs: Int64 = 0

    /// The endpoints actually bound, after wildcard ports are resolved.
    public let frontendEndpoint: String
    public let backendEndpoint: String

    public init(configuration: GatewayConfiguration, context: ZMQContext, metrics: GatewayMetrics, logger: Logger) throws {
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        frontend = try ZMQSocket(context: context, kind: .router)
        backend = try ZMQSocket(context: context, kind: .router)
        // A hard ceiling far above the application limit, so that oversized requests still
        // arrive whole and get a RESOURCE_EXHAUSTED answer rather than a dropped connection.
        try frontend.setMaxMessageSize(Int64(configuration.maxRequestBytes) * 4 + 65_536)
        try frontend.setHighWaterMarks(100_000)
        try backend.setHighWaterMarks(100_000)
        try frontend.bind(configuration.frontend)
        try backend.bind(configuration.backend)
        frontendEndpoint = try frontend.lastEndpoint()
        backendEndpoint = try backend.lastEndpoint()
        for service in Contract.workerServices {
            queues[service] = BoundedQueue(limit: configuration.maxQueuePerService)
            queuedCount[service] = 0
        }
    }

    public func run() throws {
        var poller = ZMQPoller([frontend, backend])
        while !ShutdownSignal.requested {
            let readable = try poller.poll(timeoutMs: pollTimeoutMs())
            // Workers first: their replies free capacity for the requests read next.
            if readable[1] { try drain(backend, handle: handleWorkerMessage) }
            if readable[0] { try drain(frontend, handle: handleClientMessage) }
            let now = MonotonicClock.nowMs()
            expireDeadlines(now: now)
            if now - lastHeartbeatMs >= Int64(configuration.heartbeat.intervalMs) {
                lastHeartbeatMs = now
                try sendHeartbeats()
                try purgeSilentWorkers(now: now)
                publishGauges()
            }
        }
        try shutDown()
    }

    // MARK: - Loop helpers

    private func drain(_ socket: ZMQSocket, handle: ([[UInt8]]) throws -> Void) throws {
        // A bounded batch keeps one busy socket from starving the other.
        for _ in 0..<512 {
            guard let frames = try socket.receive(dontWait: true) else { return }
            try handle(frames)
        }
    }

    private func pollTimeoutMs() -> Int {
        let now = MonotonicClock.nowMs()
        var wake = lastHeartbeatMs + Int64(configuration.heartbeat.intervalMs)
        if let earliest = deadlines.earliest { wake = min(wake, earliest) }
        return Int(max(0, min(wake - now, 1000)))
    }

    // MARK: - Clients

    private func handleClientMessage(_ frames: [[UInt8]]) throws {
        let identity = frames[0]
        let receivedNs = MonotonicClock.nowNs()
        let request: ClientEnvelope.Request
        switch ClientEnvelope.decodeRequest(frames[1...]) {
        case .success(let decoded):
            request = decoded
        case .failure(let error):
            metrics.malformedMessage()
            let requestID = frames.count == 6 ? ((try? Moodmusic_V1_RequestHeader(serializedBytes: frames[4]))?.requestID ?? 0) : 0
            logger.debug("malformed client message", metadata: ["error": "\(error)"])
            try answer(identity: identity, requestID: requestID, method: "malformed", receivedNs: receivedNs, .failure(error))
            return
        }
        let requestID = request.header.requestID
        guard let method = Contract.method(pathBytes: request.methodBytes) else {
            let error: RPCError = MethodDescriptor(path: request.method) == nil
                ? .invalidArgument("method '\(request.method)' is not of the form /moodmusic.v1.Service/Method")
                : .unimplemented("unknown method \(request.method)")
            return try answer(identity: identity, requestID: requestID, method: error.code == .unimplemented ? "unknown" : "malformed",
                              receivedNs: receivedNs, .failure(error))
        }
        guard request.payload.count <= configuration.maxRequestBytes else {
            return try answer(identity: identity, requestID: requestID, method: method.path, receivedNs: receivedNs, .failure(RPCError(
                .resourceExhausted, "request payload is \(request.payload.count) bytes; the limit is \(configuration.maxRequestBytes)")))
        }
        let timeoutMs = request.header.timeoutMs == 0 ? configuration.defaultTimeoutMs : Int(request.header.timeoutMs)
        let deadlineMs = MonotonicClock.nowMs() + Int64(timeoutMs)

        switch method {
        case Contract.healthCheck:
            try answer(identity: identity, requestID: requestID, method: method.path, receivedNs: receivedNs, checkHealth(request.payload))
        case Contract.recommendForImage:
            try startFlow(identity: identity, request: request, receivedNs: receivedNs, deadlineMs: deadlineMs)
        default:
            let origin = JobOrigin.client(identity: identity, requestID: requestID)
            if let error = try submit(origin: origin, method: method, header: request.header, payload: request.payload, receivedNs: receivedNs, deadlineMs: deadlineMs) {
                try answer(identity: identity, requestID: requestID, method: method.path, receivedNs: receivedNs, .failure(error))
            }
        }
    }

    private func checkHealth(_ payload: [UInt8]) -> Result<[UInt8], RPCError> {
        do {
            let request = try Moodmusic_V1_HealthCheckRequest(serializedBytes: payload)
            return .success(try HealthReport(states: serviceStates()).response(for: request).serializedBytes())
        } catch let error as RPCError {
            return .failure(error)
        } catch {
            return .failure(.invalidArgument("payload is not a valid HealthCheckRequest protobuf"))
        }
    }

    /// Sends a response to a client.
    private func answer(identity: [UInt8], requestID: UInt64, method: String, receivedNs: UInt64, _ result: Result<[UInt8], RPCError>) throws {
        var header = Moodmusic_V1_ResponseHeader()
        header.requestID = requestID
        var payload: [UInt8] = []
        switch result {
        case .success(let bytes): payload = bytes
        case .failure(let error):
            header.code = error.code
            header.message = error.message
        }
        try sendToClient(identity: identity, header: header, payload: payload, method: method, receivedNs: receivedNs)
    }

    private func sendToClient(identity: [UInt8], header: Moodmusic_V1_ResponseHeader, payload: [UInt8], method: String, receivedNs: UInt64) throws {
        metrics.recordRequest(method: method, code: header.code, durationNs: MonotonicClock.nowNs() &- receivedNs)
        try frontend.send([identity, [], ClientEnvelope.protocolID, try header.serializedBytes(), payload])
    }

    // MARK: - Jobs

    /// Queues a call for a worker. Returns the error to answer with when it cannot be queued.
    private func submit(origin: JobOrigin, method: MethodDescriptor, header: Moodmusic_V1_RequestHeader, payload: [UInt8], receivedNs: UInt64, deadlineMs: Int64) throws -> RPCError? {
        let service = method.service
        if !header.waitForReady && !hasLiveWorker(for: service) {
            return .unavailable("no live worker serves \(service)")
        }
        guard queuedCount[service, default: 0] < configuration.maxQueuePerService else {
            return RPCError(.resourceExhausted, "\(service) queue is full (\(configuration.maxQueuePerService) waiting); retry with backoff")
        }
        let id = nextID
        nextID += 1
        jobs[id] = Job(id: id, origin: origin, method: method, header: header, payload: payload, receivedNs: receivedNs, deadlineMs: deadlineMs)
        deadlines.insert(deadline: deadlineMs, id: id)
        queues[service]!.append(id)
        queuedCount[service, default: 0] += 1
        try dispatch(service: service)
        return nil
    }

    private func hasLiveWorker(for service: String) -> Bool {
        workers.values.contains { $0.services.contains(service) && !$0.draining }
    }

    /// Sends queued jobs of a service to free workers, least recently used first.
    private func dispatch(service: String) throws {
        while queuedCount[service, default: 0] > 0, let worker = leastRecentlyUsedWorker(for: service) {
            guard let id = queues[service]!.popFirst() else { break }
            guard jobs[id]?.worker == nil, jobs[id] != nil else { continue }
            queuedCount[service]! -= 1
            let now = MonotonicClock.nowMs()
            let job = jobs[id]!
            jobs[id]!.attempts += 1
            jobs[id]!.worker = worker
            var header = job.header
            header.timeoutMs = UInt32(max(1, job.deadlineMs - now))
            dispatchSequence += 1
            workers[worker]!.inFlight.insert(id)
            workers[worker]!.lastDispatchMs = now
            workers[worker]!.dispatchSequence = dispatchSequence
            let command = WorkerCommand.request(jobID: id, method: job.method.path, header: header, payload: job.payload)
            try backend.send([worker] + command.encode())
        }
    }

    private func leastRecentlyUsedWorker(for service: String) -> [UInt8]? {
        var best: WorkerRecord?
        for worker in workers.values where worker.hasFreeCapacity && worker.services.contains(service) {
            if best == nil || worker.dispatchSequence < best!.dispatchSequence { best = worker }
        }
        return best?.identity
    }

    /// Routes a finished job's answer to whoever waits for it.
    private func complete(_ job: Job, header: Moodmusic_V1_ResponseHeader, payload: [UInt8]) throws {
        switch job.origin {
        case .client(let identity, let requestID):
            var header = header
            header.requestID = requestID
            try sendToClient(identity: identity, header: header, payload: header.code == .ok ? payload : [], method: job.method.path, receivedNs: job.receivedNs)
        case .flow(let flowID):
            try advanceFlow(flowID, code: header.code, message: header.message, payload: payload)
        }
    }

    private func fail(_ job: Job, _ error: RPCError) throws {
        try complete(job, header: Moodmusic_V1_ResponseHeader(requestID: 0, error: error), payload: [])
    }

    private func expireDeadlines(now: Int64) {
        for id in deadlines.popExpired(now: now) {
            guard let job = jobs.removeValue(forKey: id) else { continue }
            if job.worker == nil { queuedCount[job.method.service]! -= 1 }
            // A running job keeps its worker's slot until the worker answers.
            let state = job.worker == nil ? "waiting for a free \(job.method.service) worker" : "running on a worker"
            let elapsedMs = (MonotonicClock.nowNs() &- job.receivedNs) / 1_000_000
            try? fail(job, RPCError(.deadlineExceeded, "deadline exceeded after \(elapsedMs) ms while \(state)"))
        }
    }

    // MARK: - RecommendForImage

    private func startFlow(identity: [UInt8], request: ClientEnvelope.Request, receivedNs: UInt64, deadlineMs: Int64) throws {
        let requestID = request.header.requestID
        let path = Contract.recommendForImage.path
        do {
            let flow = try ImageRecommendationFlow(payload: request.payload)
            if !request.header.waitForReady {
                let missing = [Contract.Services.emotion, Contract.Services.recommender].filter { !hasLiveWorker(for: $0) }
                guard missing.isEmpty else { throw RPCError.unavailable("no live worker serves \(missing.joined(separator: " or "))") }
            }
            let id = nextID
            nextID += 1
            flows[id] = (flow, identity, requestID, receivedNs, request.header, deadlineMs)
            try execute(flowID: id, step: try flow.start())
        } catch let error as RPCError {
            try answer(identity: identity, requestID: requestID, method: path, receivedNs: receivedNs, .failure(error))
        }
    }

    private func advanceFlow(_ flowID: UInt64, code: StatusCode, message: String, payload: [UInt8]) throws {
        guard var entry = flows[flowID] else { return }
        let step = entry.flow.advance(code: code, message: message, payload: payload)
        flows[flowID] = entry
        try execute(flowID: flowID, step: step)
    }

    private func execute(flowID: UInt64, step: ImageRecommendationFlow.Step) throws {
        guard let entry = flows[flowID] else { return }
        switch step {
        case .call(let method, let payload):
            if let error = try submit(origin: .flow(id: flowID), method: method, header: entry.header, payload: payload, receivedNs: entry.receivedNs, deadlineMs: entry.deadlineMs) {
                try execute(flowID: flowID, step: .finish(.failure(error)))
            }
        case .finish(let result):
            flows[flowID] = nil
            try answer(identity: entry.identity, requestID: entry.requestID, method: Contract.recommendForImage.path, receivedNs: entry.receivedNs, result)
        }
    }

    // MARK: - Workers

    private func handleWorkerMessage(_ frames: [[UInt8]]) throws {
        let identity = frames[0]
        let now = MonotonicClock.nowMs()
        let command: WorkerCommand
        switch WorkerCommand.decode(frames[1...]) {
        case .success(let decoded): command = decoded
        case .failure(let error):
            metrics.malformedMessage()
            logger.warning("malformed worker message", metadata: ["error": "\(error)"])
            return
        }
        if case .ready(let ready) = command {
            try register(identity: identity, ready: ready, now: now)
            return
        }
        guard workers[identity] != nil else {
            // A worker we do not know (we restarted, or we dropped it): ask it to register again.
            if command != .disconnect { try backend.send([identity] + WorkerCommand.disconnect.encode()) }
            return
        }
        workers[identity]!.lastSeenMs = now
        switch command {
        case .reply(let jobID, let header, let payload):
            workers[identity]!.inFlight.remove(jobID)
            if let job = jobs[jobID], job.worker == identity {
                jobs[jobID] = nil
                try complete(job, header: header, payload: payload)
            }
            try afterCapacityFreed(identity)
        case .disconnect:
            workers[identity]!.draining = true
            logger.info("worker draining", metadata: ["worker": "\(workers[identity]!.name)"])
            try afterCapacityFreed(identity)
        case .heartbeat, .ready, .request:
            break
        }
    }

    private func register(identity: [UInt8], ready: Moodmusic_V1_WorkerReady, now: Int64) throws {
        let services = Set(ready.services.filter { Contract.workerServices.contains($0) })
        guard !services.isEmpty else {
            logger.warning("worker offered no known service", metadata: ["services": "\(ready.services)"])
            try backend.send([identity] + WorkerCommand.disconnect.encode())
            return
        }
        if workers[identity] != nil { try removeWorker(identity, reason: "registered again") }
        let name = ready.name.isEmpty ? identity.map { String(format: "%02x", $0) }.joined() : ready.name
        workers[identity] = WorkerRecord(identity: identity, name: name, services: services, capacity: max(1, Int(ready.capacity)), lastSeenMs: now)
        logger.info("worker ready", metadata: ["worker": "\(name)", "services": "\(services.sorted())", "capacity": "\(ready.capacity)"])
        publishGauges()
        for service in services { try dispatch(service: service) }
    }

    private func afterCapacityFreed(_ identity: [UInt8]) throws {
        guard let worker = workers[identity] else { return }
        if worker.draining && worker.inFlight.isEmpty {
            workers[identity] = nil
            logger.info("worker left", metadata: ["worker": "\(worker.name)"])
            publishGauges()
            return
        }
        for service in worker.services { try dispatch(service: service) }
    }

    private func sendHeartbeats() throws {
        let heartbeat = try WorkerCommand.heartbeat.encode()
        for identity in workers.keys { try backend.send([identity] + heartbeat) }
    }

    private func purgeSilentWorkers(now: Int64) throws {
        let expiry = Int64(configuration.heartbeat.expiryMs)
        for (identity, worker) in workers where now - worker.lastSeenMs > expiry {
            metrics.heartbeatFailure()
            try removeWorker(identity, reason: "missed heartbeats for \(now - worker.lastSeenMs) ms")
        }
    }

    /// Drops a worker; its running jobs go back to the front of their queues once, or fail.
    private func removeWorker(_ identity: [UInt8], reason: String) throws {
        guard let worker = workers.removeValue(forKey: identity) else { return }
        logger.warning("worker removed", metadata: ["worker": "\(worker.name)", "reason": "\(reason)", "in_flight": "\(worker.inFlight.count)"])
        var services = Set<String>()
        for id in worker.inFlight {
            guard var job = jobs[id], job.worker == identity else { continue }
            if job.attempts >= 2 {
                jobs[id] = nil
                try fail(job, .unavailable("the worker running this request died (\(worker.name)), and so did the one before"))
                continue
            }
            metrics.retried()
            job.worker = nil
            jobs[id] = job
            queues[job.method.service]!.prepend(id)
            queuedCount[job.method.service]! += 1
            services.insert(job.method.service)
        }
        publishGauges()
        for service in services { try dispatch(service: service) }
    }

    // MARK: - State for Health and metrics

    private func serviceStates() -> [String: HealthReport.ServiceState] {
        var states: [String: HealthReport.ServiceState] = [:]
        for service in Contract.workerServices {
            var state = HealthReport.ServiceState()
            state.queued = queuedCount[service, default: 0]
            states[service] = state
        }
        for worker in workers.values where !worker.draining {
            for service in worker.services { states[service, default: .init()].liveWorkers += 1 }
        }
        for job in jobs.values where job.worker != nil {
            states[job.method.service, default: .init()].inFlight += 1
        }
        return states
    }

    private func publishGauges() {
        for service in Contract.workerServices {
            metrics.setQueueDepth(service: service, queuedCount[service, default: 0])
            metrics.setLiveWorkers(service: service, workers.values.filter { !$0.draining && $0.services.contains(service) }.count)
        }
    }

    private func shutDown() throws {
        logger.info("gateway stopping", metadata: ["pending": "\(jobs.count)"])
        for job in jobs.values { try? fail(job, .unavailable("the gateway is shutting down")) }
        jobs.removeAll()
        let disconnect = try WorkerCommand.disconnect.encode()
        for identity in workers.keys { _ = try? backend.send([identity] + disconnect) }
        frontend.close()
        backend.close()
    }
}
