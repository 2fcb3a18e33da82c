import MoodMusicProtos
import MoodMusicVocabulary
import MoodMusicWire

/// Recommender workers that serve one shard each: their pools, and Recommend scattered over one
/// worker of every shard and gathered into one reply (`ShardLayout`, `RecommendScatter`).
extension BrokerCore {
    /// Workers of one pool that take new calls.
    func liveWorkerCount(pool: String) -> Int {
        services[pool]?.workers.reduce(0) { $0 + (workers[$1]?.draining == false ? 1 : 0) } ?? 0
    }

    /// Whether a pool has a worker that takes new calls (checked on every call: no allocation).
    func hasLiveWorker(pool: String) -> Bool {
        guard let index = services.index(forKey: pool) else { return false }
        return hasLiveWorker(at: index)
    }

    func hasLiveWorker(at pool: [String: ServiceState].Index) -> Bool {
        services.values[pool].workers.contains { workers[$0]?.draining == false }
    }

    /// Live workers that serve a service: its own pool's, or else those of a shard layout that
    /// covers every shard (a partly covered catalog does not count as served).
    func liveWorkerCount(serving service: String) -> Int {
        let own = liveWorkerCount(pool: service)
        guard own == 0, let count = shardCount(for: service) else { return own }
        let counts = (0..<count).map { liveWorkerCount(pool: ShardLayout.poolName(service: service, shard: ShardSpec(index: $0, count: count)!)) }
        return counts.allSatisfy { $0 > 0 } ? counts.reduce(0, +) : 0
    }

    /// Calls waiting for a service: in its own pool and in its shards' pools.
    func queuedCount(serving service: String) -> Int {
        services.reduce(0) { sum, entry in
            entry.key == service || entry.value.shardOf?.service == service ? sum + entry.value.queue.count : sum
        }
    }

    /// The shard count to scatter a call for `service` over, when shards serve it.
    func shardCount(for service: String) -> Int? {
        var live: [ShardSpec: Int] = [:]
        for (name, state) in services {
            guard let of = state.shardOf, of.service == service else { continue }
            live[of.shard] = liveWorkerCount(pool: name)
        }
        return ShardLayout.choose(live: live)
    }

    /// The pools a READY with `shard` joins: the shard's pool in place of each shardable service.
    /// nil (the worker is refused) for a malformed shard or when the gateway keeps too many pools.
    mutating func shardPools(for offered: Set<String>, shard text: String, worker: String) -> Set<String>? {
        guard let shard = ShardSpec(text) else {
            log(.warning, "worker refused: malformed shard", ["worker": String(worker.prefix(128)), "shard": String(text.prefix(32))])
            return nil
        }
        guard shard.count > 1 else { return offered }
        var pools = Set<String>()
        for service in offered {
            guard ShardLayout.shardable.contains(service) else {
                pools.insert(service)
                continue
            }
            let name = ShardLayout.poolName(service: service, shard: shard)
            if services[name] == nil {
                guard services.values.filter({ $0.shardOf != nil }).count < ShardLayout.maxPools else {
                    log(.warning, "worker refused: too many shard pools", ["worker": String(worker.prefix(128)), "limit": "\(ShardLayout.maxPools)"])
                    return nil
                }
                services[name] = ServiceState(shardOf: (service, shard))
            }
            pools.insert(name)
        }
        return pools
    }

    /// Sends a Recommend to one worker of each of `shardCount` shards. Returns an error to answer
    /// with right away; otherwise the answer comes through `complete` once every shard answered.
    mutating func scatter(origin: JobOrigin, header: Moodmusic_V1_RequestHeader, payload: [UInt8], shardCount: Int,
                          receivedNs: Int64, deadlineNs: Int64, nowNs: Int64, callParentID: String?) -> RPCError? {
        let service = Contract.Services.recommender
        let plan: (request: Moodmusic_V1_RecommendRequest, payload: [UInt8], k: Int, allowPartial: Bool)
        do { plan = try RecommendScatter.shardRequest(from: payload) } catch { return error }
        let shards = (0..<shardCount).map { ShardSpec(index: $0, count: shardCount)! }
        let dead = header.waitForReady ? [] : shards.filter { !hasLiveWorker(pool: ShardLayout.poolName(service: service, shard: $0)) }
        if !dead.isEmpty && !plan.allowPartial {
            return .unavailable("no live worker serves shard \(dead.map(\.description).joined(separator: ", ")) of \(service); "
                                + "set allow_partial to accept the other shards' songs")
        }
        let id = nextID
        nextID += 1
        var parent = Job(id: id, origin: origin, method: Contract.recommend, header: header, payload: [], receivedNs: receivedNs,
                         deadlineNs: deadlineNs, pool: service)
        parent.callParentID = callParentID
        let asked = shards.filter { !dead.contains($0) }
        scatters[id] = RecommendScatter(parent: parent, request: plan.request, k: plan.k, allowPartial: plan.allowPartial,
                                        asked: asked, skipped: dead)
        send(scatter: id, payload: plan.payload, to: asked, nowNs: nowNs)
        return nil
    }

    private mutating func send(scatter id: UInt64, payload: [UInt8], to shards: [ShardSpec], nowNs: Int64) {
        guard let parent = scatters[id]?.parent else { return }
        let service = Contract.Services.recommender
        for shard in shards {
            let pool = ShardLayout.poolName(service: service, shard: shard)
            // A wait-for-ready call may wait for a shard no worker has offered yet.
            if services[pool] == nil { services[pool] = ServiceState(shardOf: (service, shard)) }
            if let error = enqueue(pool: pool, origin: .scatter(id: id, shard: shard),
                                   method: Contract.recommend, header: parent.header, payload: payload,
                                   receivedNs: parent.receivedNs, deadlineNs: parent.deadlineNs, nowNs: nowNs) {
                scatters[id]?.record(shard, .failure(error))
            }
        }
        finishScatterIfComplete(id, nowNs: nowNs)
    }

    /// One shard's answer to a scattered call.
    mutating func gather(_ id: UInt64, shard: ShardSpec, code: StatusCode, message: String, payload: [UInt8], nowNs: Int64) {
        scatters[id]?.record(shard, code == .ok ? .success(payload) : .failure(RPCError(code, message)))
        finishScatterIfComplete(id, nowNs: nowNs)
    }

    private mutating func finishScatterIfComplete(_ id: UInt64, nowNs: Int64) {
        guard var scatter = scatters[id], scatter.isComplete else { return }
        switch scatter.conclude() {
        case .askAgain(let payload, let shards):
            scatters[id] = scatter
            send(scatter: id, payload: payload, to: shards, nowNs: nowNs)
        case .reply(let result):
            scatters[id] = nil
            switch result {
            case .success(let bytes): complete(scatter.parent, code: .ok, message: "", payload: bytes, nowNs: nowNs)
            case .failure(let error): complete(scatter.parent, code: error.code, message: error.message, payload: [], nowNs: nowNs)
            }
        }
    }
}
