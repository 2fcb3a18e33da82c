import MoodMusicProtos
import MoodMusicWire

extension BrokerCore {
    mutating func clientMessage(identity: [UInt8], frames: ArraySlice<[UInt8]>, nowNs: Int64) {
        // Every answer to this message goes back to this connection in the framing the message came in.
        let client = ClientAddress(identity: identity, framing: ClientEnvelope.framing(of: frames))
        let request: ClientEnvelope.Request
        switch ClientEnvelope.decodeRequest(frames) {
        case .success(let decoded):
            request = decoded
        case .failure(let error):
            metric(.malformedMessage)
            let headerFrame = frames.count == 5 ? frames[frames.startIndex + 3] : []
            let requestID = (try? Moodmusic_V1_RequestHeader(serializedBytes: headerFrame))?.requestID ?? 0
            return answer(client: client, requestID: requestID, method: "malformed", receivedNs: nowNs, nowNs: nowNs, .failure(error))
        }
        let requestID = request.header.requestID
        guard let method = Contract.method(pathBytes: request.methodBytes) else {
            let error: RPCError = MethodDescriptor(path: request.method) == nil
                ? .invalidArgument("method '\(request.method)' is not of the form /moodmusic.v1.Service/Method")
                : .unimplemented("unknown method \(request.method)")
            return answer(client: client, requestID: requestID, method: error.code == .unimplemented ? "unknown" : "malformed",
                          receivedNs: nowNs, nowNs: nowNs, .failure(error))
        }
        if let error = admissionError(method: method, payloadBytes: request.payload.count) {
            return answer(client: client, requestID: requestID, method: method.path, receivedNs: nowNs, nowNs: nowNs, .failure(error))
        }
        let timeoutMs = request.header.timeoutMs == 0 ? configuration.defaultTimeoutMs : Int(request.header.timeoutMs)
        let deadlineNs = nowNs + Int64(timeoutMs) * 1_000_000

        switch method {
        case Contract.healthCheck:
            answer(client: client, requestID: requestID, method: method.path, receivedNs: nowNs, nowNs: nowNs, checkHealth(request.payload))
        case Contract.recommendForImage:
            startFlow(client: client, request: request, nowNs: nowNs, deadlineNs: deadlineNs)
        case Contract.analyzeVideo, Contract.recommendForVideo:
            receiveChunk(client: client, method: method, request: request, nowNs: nowNs, deadlineNs: deadlineNs)
        case Contract.videoProgress:
            answer(client: client, requestID: requestID, method: method.path, receivedNs: nowNs, nowNs: nowNs,
                   videoProgress(client: client, payload: request.payload))
        case Contract.openLiveSession, Contract.liveFrame, Contract.closeLiveSession:
            liveSessionCall(client: client, method: method, request: request, nowNs: nowNs, deadlineNs: deadlineNs)
        default:
            let origin = JobOrigin.client(client, requestID: requestID)
            var header = request.header
            let callParentID = beginCallSpan(&header, method: method, nowNs: nowNs)
            if let error = submit(origin: origin, method: method, header: header, payload: request.payload,
                                  receivedNs: nowNs, deadlineNs: deadlineNs, nowNs: nowNs, callParentID: callParentID) {
                endCallSpan(header: header, parentID: callParentID, method: method, startNs: nowNs, nowNs: nowNs, code: error.code, message: error.message)
                answer(client: client, requestID: requestID, method: method.path, receivedNs: nowNs, nowNs: nowNs, .failure(error))
            } else {
                countVideoFrameSent(method: method, header: header)
            }
        }
    }

    /// Why a new call cannot be taken, if it cannot: a drain, or a size or byte budget.
    func admissionError(method: MethodDescriptor, payloadBytes: Int) -> RPCError? {
        if drainDeadlineNs != nil && method != Contract.healthCheck {
            return .unavailable("the gateway is shutting down; retry on another gateway")
        }
        if payloadBytes > configuration.maxRequestBytes {
            return RPCError(.resourceExhausted, "request payload is \(payloadBytes) bytes; the limit is \(configuration.maxRequestBytes)")
        }
        return nil
    }

    func checkHealth(_ payload: [UInt8]) -> Result<[UInt8], RPCError> {
        do {
            let request = try Moodmusic_V1_HealthCheckRequest(serializedBytes: payload)
            return .success(try HealthReport(states: serviceStates()).response(for: request).serializedBytes())
        } catch let error as RPCError {
            return .failure(error)
        } catch {
            return .failure(.invalidArgument("payload is not a valid HealthCheckRequest protobuf"))
        }
    }

    func serviceStates() -> [String: HealthReport.ServiceState] {
        var states: [String: HealthReport.ServiceState] = [:]
        for (name, service) in services where service.shardOf == nil {
            var state = HealthReport.ServiceState()
            state.queued = queuedCount(serving: name)
            state.liveWorkers = liveWorkerCount(serving: name)
            states[name] = state
        }
        for job in jobs.values where job.worker != nil { states[job.method.service, default: .init()].inFlight += 1 }
        return states
    }

    // MARK: - Jobs

    /// Queues a call for a worker, or for one worker of every shard when only shards serve its
    /// service. Returns the error to answer with when it cannot be queued.
    mutating func submit(origin: JobOrigin, method: MethodDescriptor, header: Moodmusic_V1_RequestHeader, payload: [UInt8],
                         receivedNs: Int64, deadlineNs: Int64, nowNs: Int64, callParentID: String? = nil) -> RPCError? {
        if method == Contract.recommend, !hasLiveWorker(pool: method.service), let count = shardCount(for: method.service) {
            return scatter(origin: origin, header: header, payload: payload, shardCount: count,
                           receivedNs: receivedNs, deadlineNs: deadlineNs, nowNs: nowNs, callParentID: callParentID)
        }
        return enqueue(pool: method.service, origin: origin, method: method, header: header, payload: payload,
                       receivedNs: receivedNs, deadlineNs: deadlineNs, nowNs: nowNs, callParentID: callParentID)
    }

    /// Queues a call in one pool and dispatches what it can. This runs for every call: the pool is found once, and
    /// changed in place.
    mutating func enqueue(pool service: String, origin: JobOrigin, method: MethodDescriptor, header: Moodmusic_V1_RequestHeader, payload: [UInt8],
                          receivedNs: Int64, deadlineNs: Int64, nowNs: Int64, callParentID: String? = nil) -> RPCError? {
        guard let pool = services.index(forKey: service) else { return .unimplemented("no worker pool for \(service)") }
        if !header.waitForReady && !hasLiveWorker(at: pool) {
            return .unavailable("no live worker serves \(service)")
        }
        let (queued, held) = services.inPlace(at: pool) { ($0.queue.count, $0.heldBytes) }
        guard queued < configuration.maxQueuePerService else {
            return RPCError(.resourceExhausted, "\(service) queue is full (\(configuration.maxQueuePerService) waiting); retry with backoff")
        }
        guard held + payload.count <= configuration.maxHeldBytesPerService else {
            return RPCError(.resourceExhausted, "\(service) holds \(held) bytes of calls; the budget is \(configuration.maxHeldBytesPerService); retry with backoff")
        }
        guard heldBytes + payload.count <= configuration.maxHeldBytesTotal else {
            return RPCError(.resourceExhausted, "the gateway holds \(heldBytes) bytes of calls; the budget is \(configuration.maxHeldBytesTotal); retry with backoff")
        }
        let id = nextID
        nextID += 1
        jobs[id] = Job(id: id, origin: origin, method: method, header: header, payload: payload, receivedNs: receivedNs,
                       deadlineNs: deadlineNs, pool: service, queuedNs: nowNs, callParentID: callParentID)
        trackDeadline(deadlineNs, of: id)
        services.inPlace(at: pool) { $0.queue.append(id, bytes: payload.count) }
        hold(payload.count, at: pool)
        dispatch(pool: pool, nowNs: nowNs)
        return nil
    }

    /// Sends queued jobs of a service to free workers, least recently used first.
    mutating func dispatch(service: String, nowNs: Int64) {
        guard let pool = services.index(forKey: service) else { return }
        dispatch(pool: pool, nowNs: nowNs)
    }

    /// `dispatch(service:)` for a pool already found (the index stays valid while no pool is added or removed).
    mutating func dispatch(pool: [String: ServiceState].Index, nowNs: Int64) {
        while !services.inPlace(at: pool, { $0.queue.isEmpty }), let worker = leastRecentlyUsedWorker(in: pool),
              let id = services.inPlace(at: pool, { $0.queue.popFirst() }) {
            // One lookup each for the job and the worker, both changed in place: this runs for every call.
            var (header, deadlineNs, path, payload) = jobs.inPlace(at: jobs.index(forKey: id)!) { job in
                job.attempts += 1
                job.worker = worker
                return (job.header, job.deadlineNs, job.method.path, job.payload)
            }
            // The deadline travels as what is left of it.
            header.timeoutMs = UInt32(clamping: max(1, (deadlineNs - nowNs) / 1_000_000))
            dispatchSequence += 1
            let sequence = dispatchSequence
            let (name, framing) = workers.inPlace(at: workers.index(forKey: worker)!) { record in
                record.inFlight.insert(id)
                record.dispatchSequence = sequence
                return (record.name, record.framing)
            }
            if spans.isRecording { header = traceDispatch(jobID: id, worker: name, header: header, nowNs: nowNs) }
            send(.request(jobID: id, method: path, header: header, payload: payload), to: worker, framing: framing)
        }
    }

    mutating func leastRecentlyUsedWorker(in pool: [String: ServiceState].Index) -> [UInt8]? {
        var best: (identity: [UInt8], sequence: UInt64)?
        for identity in services.inPlace(at: pool, { $0.workers }) {
            guard let index = workers.index(forKey: identity),
                  let sequence = workers.inPlace(at: index, { $0.hasFreeCapacity ? $0.dispatchSequence : nil }) else { continue }
            if best == nil || sequence < best!.sequence { best = (identity, sequence) }
        }
        return best?.identity
    }

    /// Forgets a job and releases its bytes.
    mutating func retire(_ id: UInt64) -> Job? {
        guard let job = jobs.removeValue(forKey: id) else { return nil }
        let pool = services.index(forKey: job.pool)!
        services.inPlace(at: pool) { $0.queue.remove(id) }
        release(job.payload.count, at: pool)
        return job
    }

    /// Routes a finished job's answer to whoever waits for it.
    mutating func complete(_ job: Job, code: StatusCode, message: String, payload: [UInt8], nowNs: Int64) {
        endDispatchSpan(jobID: job.id, job, nowNs: nowNs, code: code, message: message)
        countVideoJobAnswered(job)
        switch job.origin {
        case .client(let client, let requestID):
            endCallSpan(header: job.header, parentID: job.callParentID, method: job.method, startNs: job.receivedNs, nowNs: nowNs, code: code, message: message)
            let result: Result<[UInt8], RPCError> = code == .ok ? .success(payload) : .failure(RPCError(code, message))
            answer(client: client, requestID: requestID, method: job.method.path, receivedNs: job.receivedNs, nowNs: nowNs, result)
        case .flow(let flowID):
            advanceFlow(flowID, code: code, message: message, payload: payload, nowNs: nowNs)
        case .live(let client, let requestID, let sessionID):
            finishLiveFrame(client: client, requestID: requestID, sessionID: sessionID, receivedNs: job.receivedNs,
                            code: code, message: message, payload: payload, nowNs: nowNs)
        case .scatter(let scatterID, let shard):
            gather(scatterID, shard: shard, code: code, message: message, payload: payload, nowNs: nowNs)
        }
    }

    /// Entries of answered jobs stay in the heap until their deadline, and a client may choose one
    /// weeks away: the heap is pruned once it holds twice the jobs, so its size follows the calls
    /// held, not the calls made (amortized O(1) per call).
    mutating func trackDeadline(_ deadlineNs: Int64, of id: UInt64) {
        if deadlines.count >= 2 * jobs.count + Self.deadlineSlack { deadlines.removeAll { jobs[$0] == nil } }
        deadlines.insert(deadline: deadlineNs, id: id)
    }

    static let deadlineSlack = 1024

    mutating func expireDeadlines(nowNs: Int64) {
        for id in deadlines.popExpired(now: nowNs) {
            guard let job = retire(id) else { continue }
            // A running job keeps its worker's slot until the worker answers.
            let state = job.worker == nil ? "waiting for a free \(job.pool) worker" : "running on a worker"
            let elapsedMs = (nowNs - job.receivedNs) / 1_000_000
            complete(job, code: .deadlineExceeded, message: "deadline exceeded after \(elapsedMs) ms while \(state)", payload: [], nowNs: nowNs)
        }
    }
}
