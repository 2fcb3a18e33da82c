/// A min-heap of (deadline, job id). Entries are not removed when their job ends: when one
/// surfaces, the broker checks whether its job is still pending (lazy deletion keeps every
/// operation O(log n)). The broker prunes answered entries with `removeAll(where:)` so the heap
/// tracks the calls held, not every call made before the latest deadline.
struct DeadlineHeap {
    private var items: [(deadline: Int64, id: UInt64)] = []

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }
    var earliest: Int64? { items.first?.deadline }

    mutating func insert(deadline: Int64, id: UInt64) {
        items.append((deadline, id))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[i].deadline < items[parent].deadline else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    /// Removes and returns every entry whose deadline is ≤ now.
    mutating func popExpired(now: Int64) -> [UInt64] {
        var expired: [UInt64] = []
        while let first = items.first, first.deadline <= now {
            expired.append(first.id)
            let last = items.removeLast()
            guard !items.isEmpty else { break }
            items[0] = last
            siftDown(from: 0)
        }
        return expired
    }

    /// Drops the entries whose job `isStale` says has ended, and rebuilds the heap: O(n).
    mutating func removeAll(where isStale: (UInt64) -> Bool) {
        items.removeAll { isStale($0.id) }
        var i = items.count / 2 - 1
        while i >= 0 {
            siftDown(from: i)
            i -= 1
        }
    }

    private mutating func siftDown(from start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count && items[l].deadline < items[m].deadline { m = l }
            if r < items.count && items[r].deadline < items[m].deadline { m = r }
            if m == i { return }
            items.swapAt(i, m)
            i = m
        }
    }
}
