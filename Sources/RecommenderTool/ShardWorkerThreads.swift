import Foundation
import MoodMusicRecommender

/// One long-lived thread per shard index, standing in for the N recommender workers a gateway
/// scatters to: `scatter` hands every thread the same query, waits for all of them, and returns
/// each shard's candidate list with the thread CPU time that shard spent (what one worker on its
/// own host would pay). The threads block on semaphores between queries, so no query pays for
/// thread creation.
final class ShardWorkerThreads: @unchecked Sendable {
    struct Answer {
        let tracks: [Recommendation]
        let cpuMilliseconds: Double
    }

    private let shards: [RecommenderIndex]
    private let starts: [DispatchSemaphore]
    private let finished = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)
    // Written by the caller before the start semaphores are signalled and read by the threads
    // after they wait on them (and the reverse for the answers), so the semaphores order them.
    private var query: RecommendationQuery?
    private var fetch = 0
    private var answers: [Result<Answer, RecommenderError>?]
    private let answersLock = NSLock()
    private var stopping = false

    init(shards: [RecommenderIndex]) {
        self.shards = shards
        starts = shards.map { _ in DispatchSemaphore(value: 0) }
        answers = Array(repeating: nil, count: shards.count)
        for s in shards.indices {
            let thread = Thread { [self] in self.serve(shard: s) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private func serve(shard s: Int) {
        while true {
            starts[s].wait()
            if stopping { break }
            let c0 = Self.threadCPUNanoseconds()
            let result = Result { () throws(RecommenderError) -> [Recommendation] in
                try shards[s].rankCandidates(query!, fetch: fetch).tracks
            }
            let c1 = Self.threadCPUNanoseconds()
            let answer = result.map { Answer(tracks: $0, cpuMilliseconds: Double(c1 - c0) / 1e6) }
            // The threads write different elements, but of one array: the lock keeps that race-free.
            answersLock.withLock { answers[s] = answer }
            finished.signal()
        }
        exited.signal()
    }

    /// Runs `query` on every shard at once and returns their answers in shard order.
    func scatter(_ query: RecommendationQuery, fetch: Int) throws(RecommenderError) -> [Answer] {
        self.query = query
        self.fetch = fetch
        for start in starts { start.signal() }
        for _ in shards { finished.wait() }
        var out: [Answer] = []
        let collected = answersLock.withLock { () -> [Result<Answer, RecommenderError>?] in
            defer { answers = Array(repeating: nil, count: shards.count) }
            return answers
        }
        for s in shards.indices {
            switch collected[s]! {
            case .success(let answer): out.append(answer)
            case .failure(let error): throw error
            }
        }
        return out
    }

    /// Ends the threads (and waits for them), so their indexes can be released.
    func stop() {
        stopping = true
        for start in starts { start.signal() }
        for _ in shards { exited.wait() }
    }

    static func threadCPUNanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }
}
