/// A FIFO of job ids with a fixed bound, O(1) at both ends.
struct BoundedQueue {
    private var storage: [UInt64] = []
    private var head = 0
    let limit: Int

    init(limit: Int) { self.limit = limit }

    var count: Int { storage.count - head }
    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count >= limit }

    mutating func append(_ id: UInt64) { storage.append(id) }

    /// Puts a job back in front (a retry after its worker died), even past the bound.
    mutating func prepend(_ id: UInt64) {
        if head > 0 {
            head -= 1
            storage[head] = id
        } else {
            storage.insert(id, at: 0)
        }
    }

    mutating func popFirst() -> UInt64? {
        guard head < storage.count else { return nil }
        let id = storage[head]
        head += 1
        if head > 1024 && head * 2 > storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return id
    }

    mutating func removeAll(where predicate: (UInt64) -> Bool) {
        storage = Array(storage[head...].filter { !predicate($0) })
        head = 0
    }

    var ids: ArraySlice<UInt64> { storage[head...] }
}
