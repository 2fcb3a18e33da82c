/// The calls waiting for one service, first in first out, with their count and bytes kept
/// together so neither can drift from the queue itself.
///
/// Removal from the middle (an expired call) leaves a tombstone that `popFirst` skips, so every
/// operation stays O(1) amortised.
struct ServiceQueue {
    private var storage: [UInt64] = []
    private var head = 0
    private var removed: Set<UInt64> = []
    private var bytesByID: [UInt64: Int] = [:]

    /// Calls waiting.
    var count: Int { bytesByID.count }
    var isEmpty: Bool { bytesByID.isEmpty }
    /// Payload bytes of the calls waiting.
    private(set) var bytes = 0

    func contains(_ id: UInt64) -> Bool { bytesByID[id] != nil }

    mutating func append(_ id: UInt64, bytes: Int) {
        storage.append(id)
        admit(id, bytes: bytes)
    }

    /// Puts a call back in front (a retry after its worker died).
    mutating func prepend(_ id: UInt64, bytes: Int) {
        if head > 0 {
            head -= 1
            storage[head] = id
        } else {
            storage.insert(id, at: 0)
        }
        admit(id, bytes: bytes)
    }

    mutating func popFirst() -> UInt64? {
        while head < storage.count {
            let id = storage[head]
            head += 1
            compact()
            if removed.remove(id) != nil { continue }
            if let size = bytesByID.removeValue(forKey: id) {
                bytes -= size
                return id
            }
        }
        return nil
    }

    /// Takes a waiting call out (its deadline passed). False when it was not waiting.
    @discardableResult
    mutating func remove(_ id: UInt64) -> Bool {
        guard let size = bytesByID.removeValue(forKey: id) else { return false }
        bytes -= size
        removed.insert(id)
        return true
    }

    /// Every waiting call, in order.
    var ids: [UInt64] { storage[head...].filter { bytesByID[$0] != nil } }

    private mutating func admit(_ id: UInt64, bytes size: Int) {
        removed.remove(id)
        bytesByID[id] = size
        bytes += size
    }

    private mutating func compact() {
        if head > 1024 && head * 2 > storage.count {
            storage.removeFirst(head)
            head = 0
        }
        if storage.count == head {
            storage.removeAll(keepingCapacity: true)
            head = 0
            removed.removeAll(keepingCapacity: true)
        }
    }
}
