import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire

/// What the broker knows about one connected worker.
struct WorkerRecord {
    /// The ROUTER identity of the worker's socket.
    let identity: [UInt8]
    let name: String
    let services: Set<String>
    let capacity: Int
    /// Jobs sent to this worker and not yet answered.
    var inFlight: Set<UInt64> = []
    /// Last time any message arrived from the worker (monotonic ms).
    var lastSeenMs: Int64
    /// Last time a job was sent to it: the least recently used idle worker gets the next job.
    var lastDispatchMs: Int64 = 0
    /// Tie-break for LRU among workers dispatched in the same millisecond.
    var dispatchSequence: UInt64 = 0
    /// The worker said DISCONNECT: it finishes what it has and gets nothing new.
    var draining = false

    var hasFreeCapacity: Bool { !draining && inFlight.count < capacity }
}
