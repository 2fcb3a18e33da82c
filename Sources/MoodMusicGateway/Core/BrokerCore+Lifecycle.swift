import MoodMusicWire

extension BrokerCore {
    mutating func tick(nowNs: Int64) {
        expireDeadlines(nowNs: nowNs)
        expireUploads(nowNs: nowNs)
        expireLiveSessions(nowNs: nowNs)
        if nowNs - lastHeartbeatNs >= Int64(configuration.heartbeat.intervalMs) * 1_000_000 {
            lastHeartbeatNs = nowNs
            sendHeartbeats()
            purgeSilentWorkers(nowNs: nowNs)
            publishGauges()
        }
        if let drainDeadlineNs, !stopped, pendingCalls == 0 || nowNs >= drainDeadlineNs {
            finishDrain(nowNs: nowNs)
        }
    }

    /// New calls get UNAVAILABLE from now on; queued and running ones may finish until the grace ends.
    mutating func beginDrain(graceNs: Int64, nowNs: Int64) {
        guard drainDeadlineNs == nil else { return }
        drainDeadlineNs = nowNs + max(0, graceNs)
        log(.info, "gateway draining", ["pending": "\(pendingCalls)", "grace_ms": "\(graceNs / 1_000_000)"])
        tick(nowNs: nowNs)
    }

    /// Answers whatever is left with UNAVAILABLE and tells every worker DISCONNECT.
    mutating func finishDrain(nowNs: Int64) {
        let left = pendingCalls
        for id in jobs.keys.sorted() {
            guard let job = retire(id) else { continue }
            complete(job, code: .unavailable, message: "the gateway is shutting down", payload: [], nowNs: nowNs)
        }
        for flowID in flows.keys.sorted() {
            guard let entry = flows.removeValue(forKey: flowID) else { continue }
            endCallSpan(header: entry.header, parentID: entry.callParentID, method: Contract.recommendForImage, startNs: entry.receivedNs,
                        nowNs: nowNs, code: .unavailable, message: "the gateway is shutting down")
            answer(client: entry.client, requestID: entry.requestID, method: Contract.recommendForImage.path,
                   receivedNs: entry.receivedNs, nowNs: nowNs, .failure(.unavailable("the gateway is shutting down")))
        }
        for key in Array(uploads.keys) { dropUpload(key) }
        sendToEveryWorker(.disconnect)
        log(.info, "gateway stopped", ["answered_unavailable": "\(left)"])
        stopped = true
    }
}
