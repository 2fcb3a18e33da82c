import MoodMusicProtos
import MoodMusicWire

extension BrokerCore {
    mutating func workerMessage(identity: [UInt8], frames: ArraySlice<[UInt8]>, nowNs: Int64) {
        let command: WorkerCommand
        let framing: WorkerFraming
        switch WorkerCommand.decodeWithFraming(frames) {
        case .success(let decoded): (command, framing) = decoded
        case .failure(let error):
            metric(.malformedMessage)
            log(.debug, "malformed worker message", ["error": error.message])
            return
        }
        if case .ready(let ready) = command {
            return register(identity: identity, ready: ready, framing: framing, nowNs: nowNs)
        }
        // The worker is found once by its identity (hashed byte by byte); the index stays valid
        // until a worker is added or removed.
        guard let workerIndex = workers.index(forKey: identity) else {
            // A worker we do not know (we restarted, or we dropped it): ask it to register again.
            if command != .disconnect { send(.disconnect, to: identity, framing: framing) }
            return
        }
        workers.values[workerIndex].lastSeenNs = nowNs
        switch command {
        case .reply(let jobID, let header, let payload):
            workers.values[workerIndex].inFlight.remove(jobID)
            // A late reply (the deadline passed, or the job was re-sent elsewhere) is dropped.
            if let jobIndex = jobs.index(forKey: jobID), jobs.inPlace(at: jobIndex, { $0.worker == identity }), let job = retire(jobID) {
                if nowNs >= job.deadlineNs {
                    // The answer came at or after the deadline: the call has failed, whatever it says.
                    complete(job, code: .deadlineExceeded, message: "deadline exceeded after \((nowNs - job.receivedNs) / 1_000_000) ms: the worker answered too late",
                             payload: [], nowNs: nowNs)
                } else {
                    let (code, message) = Self.validated(header, from: workers.inPlace(at: workerIndex) { $0.name })
                    complete(job, code: code, message: message, payload: code == .ok ? payload : [], nowNs: nowNs)
                }
            }
            afterCapacityFreed(identity, nowNs: nowNs)
        case .disconnect:
            workers.values[workerIndex].draining = true
            log(.info, "worker draining", ["worker": workers.values[workerIndex].name])
            afterCapacityFreed(identity, nowNs: nowNs)
        case .heartbeat, .ready, .request:
            break
        }
    }

    /// A worker's status, if it is one the contract has; anything else becomes INTERNAL.
    static func validated(_ header: Moodmusic_V1_ResponseHeader, from worker: String) -> (StatusCode, String) {
        if case .UNRECOGNIZED(let number) = header.code {
            return (.internal, "worker \(worker) answered with status code \(number), which is not in the contract")
        }
        return (header.code, header.message)
    }

    mutating func register(identity: [UInt8], ready: Moodmusic_V1_WorkerReady, framing: WorkerFraming, nowNs: Int64) {
        var offered = Set(ready.services.filter { Contract.workerServices.contains($0) })
        if !ready.shard.isEmpty {
            guard let pools = shardPools(for: offered, shard: ready.shard, worker: ready.name) else {
                send(.disconnect, to: identity, framing: framing)
                return
            }
            offered = pools
        }
        guard !offered.isEmpty else {
            log(.warning, "worker offered no known service", ["services": ready.services.prefix(8).joined(separator: ",")])
            send(.disconnect, to: identity, framing: framing)
            return
        }
        if workers[identity] != nil { removeWorker(identity, reason: "registered again", nowNs: nowNs) }
        let name = ready.name.isEmpty ? identity.map { String($0, radix: 16) }.joined() : String(ready.name.prefix(128))
        let capacity = min(max(1, Int(ready.capacity)), 10_000)
        workers[identity] = WorkerRecord(identity: identity, name: name, services: offered.sorted(), capacity: capacity, framing: framing, lastSeenNs: nowNs)
        // A new worker counts as used at registration: among idle workers, the earliest registered goes first.
        dispatchSequence += 1
        workers[identity]!.dispatchSequence = dispatchSequence
        for service in offered { services[service]!.workers.insert(identity) }
        log(.info, "worker ready", ["worker": name, "services": offered.sorted().joined(separator: ","), "capacity": "\(capacity)"])
        publishGauges()
        for service in offered.sorted() { dispatch(service: service, nowNs: nowNs) }
    }

    mutating func afterCapacityFreed(_ identity: [UInt8], nowNs: Int64) {
        guard let index = workers.index(forKey: identity) else { return }
        let (leaving, services) = workers.inPlace(at: index) { ($0.draining && $0.inFlight.isEmpty, $0.services) }
        if leaving {
            let name = workers.values[index].name
            forget(identity)
            log(.info, "worker left", ["worker": name])
            publishGauges()
            return
        }
        for service in services { dispatch(service: service, nowNs: nowNs) }
    }

    mutating func forget(_ identity: [UInt8]) {
        guard let worker = workers.removeValue(forKey: identity) else { return }
        for service in worker.services { services[service]!.workers.remove(identity) }
    }

    mutating func sendHeartbeats() {
        sendToEveryWorker(.heartbeat)
    }

    /// A command with no fields to every worker, in each one's framing, in identity order.
    mutating func sendToEveryWorker(_ command: WorkerCommand) {
        for identity in workers.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            send(command, to: identity, framing: workers[identity]!.framing)
        }
    }

    /// A command to one worker, in the framing it speaks.
    mutating func send(_ command: WorkerCommand, to identity: [UInt8], framing: WorkerFraming) {
        if let frames = try? command.encode(framing, routedTo: identity) { send(.backend, frames) }
    }

    mutating func purgeSilentWorkers(nowNs: Int64) {
        let expiryNs = Int64(configuration.heartbeat.expiryMs) * 1_000_000
        for (identity, worker) in workers where nowNs - worker.lastSeenNs > expiryNs {
            metric(.heartbeatFailure)
            removeWorker(identity, reason: "missed heartbeats for \((nowNs - worker.lastSeenNs) / 1_000_000) ms", nowNs: nowNs)
        }
    }

    /// Drops a worker. Its running jobs go back to the front of their queues once; a job that
    /// was already re-sent after a worker died is poison and is answered INTERNAL instead, so
    /// one request cannot take down the whole tier.
    mutating func removeWorker(_ identity: [UInt8], reason: String, nowNs: Int64) {
        guard let worker = workers[identity] else { return }
        forget(identity)
        log(.warning, "worker removed", ["worker": worker.name, "reason": reason, "in_flight": "\(worker.inFlight.count)"])
        var retried = Set<String>()
        for id in worker.inFlight.sorted() {
            guard let job = jobs[id], job.worker == identity else { continue }
            if job.attempts >= 2 {
                _ = retire(id)
                complete(job, code: .internal, message: "\(job.method.path) was abandoned: it was running when two workers died in a row (the last was \(worker.name)); it is not sent again", payload: [], nowNs: nowNs)
                continue
            }
            metric(.retried)
            endDispatchSpan(jobID: id, job, nowNs: nowNs, code: .unavailable, message: "worker \(worker.name) lost: \(reason)")
            jobs[id]!.queuedNs = nowNs
            jobs[id]!.worker = nil
            services[job.pool]!.queue.prepend(id, bytes: job.payload.count)
            retried.insert(job.pool)
        }
        publishGauges()
        for service in retried.sorted() { dispatch(service: service, nowNs: nowNs) }
    }
}
