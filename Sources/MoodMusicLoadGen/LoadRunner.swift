import MoodMusicClient
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire
import Foundation
import Synchronization

/// Drives load from several threads, each with its own connection.
///
/// Closed loop: each connection keeps its share of `concurrency` calls in flight and sends the
/// next as soon as one is answered. Open loop: calls leave on a fixed schedule (`rate` per
/// second in all) whatever the answers do; latency counts from the scheduled time, so a slow
/// service cannot hide its queueing (no coordinated omission).
public final class LoadRunner: @unchecked Sendable {
    public struct Plan: Sendable {
        var gateway: String
        var connections: Int
        var concurrency: Int
        var rate: Double?
        var totalRequests: Int?
        var duration: Double?
        var warmupSeconds: Double
        var timeoutMs: UInt32
        var keepSamples: Bool

        public init(gateway: String, connections: Int, concurrency: Int, rate: Double?, totalRequests: Int?,
                    duration: Double?, warmupSeconds: Double, timeoutMs: UInt32, keepSamples: Bool) {
            self.gateway = gateway
            self.connections = connections
            self.concurrency = concurrency
            self.rate = rate
            self.totalRequests = totalRequests
            self.duration = duration
            self.warmupSeconds = warmupSeconds
            self.timeoutMs = timeoutMs
            self.keepSamples = keepSamples
        }
    }

    public let plan: Plan
    public let mix: RequestMix
    /// Requests claimed so far (with -n); a connection stops sending when the total is reached.
    private let claimed = Atomic<Int>(0)
    public let completed = Atomic<Int>(0)

    public init(plan: Plan, mix: RequestMix) {
        self.plan = plan
        self.mix = mix
    }

    /// Runs the plan; returns the merged result and the measured wall time in seconds.
    public func run() throws -> (LoadResult, Double) {
        let context = ZMQContext(ioThreads: 1)
        defer { context.terminate() }
        let results = Mutex<[LoadResult]>([])
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()
        let startNs = MonotonicClock.nowNs()
        let measureFromNs = startNs + UInt64(plan.warmupSeconds * 1e9)
        for index in 0..<plan.connections {
            let slots = plan.concurrency / plan.connections + (index < plan.concurrency % plan.connections ? 1 : 0)
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                do {
                    let result = try runConnection(index: index, slots: max(1, slots), context: context, startNs: startNs, measureFromNs: measureFromNs)
                    results.withLock { $0.append(result) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            thread.start()
        }
        group.wait()
        let elapsed = Double(MonotonicClock.nowNs() - max(startNs, measureFromNs)) / 1e9
        if let failure = failures.withLock({ $0.first }) { throw LoadGenError("a connection failed: \(failure)") }
        var merged = LoadResult()
        if plan.keepSamples { merged.samples = [] }
        for result in results.withLock({ $0 }) { merged.merge(result) }
        return (merged, elapsed)
    }

    private func runConnection(index: Int, slots: Int, context: ZMQContext, startNs: UInt64, measureFromNs: UInt64) throws -> LoadResult {
        let connection = try GatewayConnection(endpoint: plan.gateway, context: context)
        defer { connection.close() }
        var result = LoadResult()
        if plan.keepSamples { result.samples = [] }
        var inFlight: [UInt64: (entry: Int, sentNs: UInt64)] = [:]
        var nextID: UInt64 = 1
        var scheduleIndex = index % mix.schedule.count
        var payloadIndex = index
        let endNs = plan.duration.map { startNs + UInt64(($0 + plan.warmupSeconds) * 1e9) }
        let perConnectionRate = plan.rate.map { $0 / Double(plan.connections) }
        var nextSendNs = startNs

        func mayStart() -> Bool {
            if let endNs, MonotonicClock.nowNs() >= endNs { return false }
            if let total = plan.totalRequests {
                return claimed.add(1, ordering: .relaxed).newValue <= total
            }
            return true
        }

        func send(at sentNs: UInt64) throws {
            let entryIndex = mix.schedule[scheduleIndex]
            scheduleIndex = (scheduleIndex + 1) % mix.schedule.count
            let entry = mix.entries[entryIndex]
            let payload = entry.payloads[payloadIndex % entry.payloads.count]
            payloadIndex += 1
            try connection.send(method: entry.method, payload: payload, requestID: nextID, timeoutMs: plan.timeoutMs)
            inFlight[nextID] = (entryIndex, sentNs)
            nextID += 1
        }

        func receive(waitMs: Int) throws {
            guard let response = try connection.receive(timeoutMs: waitMs) else { return }
            guard let call = inFlight.removeValue(forKey: response.header.requestID) else { return }
            let now = MonotonicClock.nowNs()
            if call.sentNs >= measureFromNs {
                result.record(method: mix.entries[call.entry].name, code: response.header.code, message: response.header.message,
                              micros: (now &- call.sentNs) / 1000)
                completed.add(1, ordering: .relaxed)
            }
        }

        var sending = true
        var drainUntil = UInt64.max
        func stopSending() {
            sending = false
            // Wait for stragglers up to the per-call deadline plus a second.
            drainUntil = MonotonicClock.nowNs() + UInt64(plan.timeoutMs) * 1_000_000 + 1_000_000_000
        }
        if let perConnectionRate {
            let intervalNs = UInt64(1e9 / perConnectionRate)
            while sending || !inFlight.isEmpty {
                let now = MonotonicClock.nowNs()
                if sending && now >= nextSendNs {
                    if mayStart() { try send(at: nextSendNs); nextSendNs += intervalNs } else { stopSending() }
                    continue
                }
                let waitMs = sending ? Int((nextSendNs &- now) / 1_000_000) : 100
                try receive(waitMs: max(0, min(waitMs, 100)))
                if !sending && MonotonicClock.nowNs() > drainUntil { break }
            }
        } else {
            for _ in 0..<slots {
                guard mayStart() else { stopSending(); break }
                try send(at: MonotonicClock.nowNs())
            }
            while !inFlight.isEmpty {
                let before = inFlight.count
                try receive(waitMs: 100)
                if sending && inFlight.count < before {
                    if mayStart() { try send(at: MonotonicClock.nowNs()) } else { stopSending() }
                }
                if !sending && MonotonicClock.nowNs() > drainUntil { break }
            }
        }
        result.unanswered = inFlight.count
        return result
    }
}
