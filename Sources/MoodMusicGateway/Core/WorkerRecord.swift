import MoodMusicWire

/// What the broker knows about one connected worker.
struct WorkerRecord {
    /// The ROUTER identity of the worker's socket.
    let identity: [UInt8]
    let name: String
    /// The pools it serves, sorted: kept in order once, since every reply walks them.
    let services: [String]
    /// Calls it may hold at once (running plus prefetched).
    let capacity: Int
    /// The framing its READY came in; everything sent to it uses the same.
    var framing: WorkerFraming = .mmw2
    /// Jobs sent to this worker and not yet answered.
    var inFlight: Set<UInt64> = []
    /// Last time any message arrived from the worker (monotonic ns).
    var lastSeenNs: Int64
    /// When it last got a job, as a sequence number: the least recently used free worker gets
    /// the next one.
    var dispatchSequence: UInt64 = 0
    /// The worker said DISCONNECT: it finishes what it has and gets nothing new.
    var draining = false

    var hasFreeCapacity: Bool { !draining && inFlight.count < capacity }
}
