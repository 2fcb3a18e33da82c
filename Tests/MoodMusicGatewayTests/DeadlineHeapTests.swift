@testable import MoodMusicGateway
import Testing

@Suite("Deadline heap")
struct DeadlineHeapTests {
    @Test("pops exactly the expired entries, earliest first")
    func popsExpired() {
        var heap = DeadlineHeap()
        var generator = SystemRandomNumberGenerator()
        var deadlines: [(Int64, UInt64)] = []
        for id in 0..<500 {
            let deadline = Int64.random(in: 0..<10_000, using: &generator)
            deadlines.append((deadline, UInt64(id)))
            heap.insert(deadline: deadline, id: UInt64(id))
        }
        let expired = heap.popExpired(now: 5000)
        let expected = deadlines.filter { $0.0 <= 5000 }.sorted { $0.0 < $1.0 }
        #expect(expired.count == expected.count)
        #expect(Set(expired) == Set(expected.map(\.1)))
        let poppedDeadlines = expired.map { id in deadlines.first { $0.1 == id }!.0 }
        #expect(poppedDeadlines == poppedDeadlines.sorted())
        #expect(heap.earliest.map { $0 > 5000 } ?? true)
        #expect(heap.popExpired(now: 10_000).count == 500 - expected.count)
        #expect(heap.isEmpty)
    }

    @Test("pruning drops exactly the stale entries and the rest still pop earliest first")
    func pruning() {
        var heap = DeadlineHeap()
        var generator = SystemRandomNumberGenerator()
        var deadlines: [UInt64: Int64] = [:]
        for id in 0..<1000 {
            let deadline = Int64.random(in: 0..<10_000, using: &generator)
            deadlines[UInt64(id)] = deadline
            heap.insert(deadline: deadline, id: UInt64(id))
        }
        heap.removeAll { $0 % 3 != 0 }
        #expect(heap.count == 334)
        heap.insert(deadline: -1, id: 3000)
        let popped = heap.popExpired(now: 10_000)
        #expect(popped.first == 3000)
        #expect(Set(popped.dropFirst()) == Set(deadlines.keys.filter { $0 % 3 == 0 }))
        let order = popped.dropFirst().map { deadlines[$0]! }
        #expect(order == order.sorted())
        #expect(heap.isEmpty)
    }
}

@Suite("Service queue")
struct ServiceQueueTests {
    @Test("FIFO order, with retries put back in front, and count and bytes derived from the contents")
    func order() {
        var queue = ServiceQueue()
        for id in 1...3 { queue.append(UInt64(id), bytes: 10) }
        #expect(queue.count == 3 && queue.bytes == 30)
        #expect(queue.popFirst() == 1)
        queue.prepend(9, bytes: 5)
        #expect(queue.ids == [9, 2, 3])
        #expect(queue.bytes == 25)
        #expect(queue.popFirst() == 9)
        #expect(queue.popFirst() == 2)
        #expect(queue.popFirst() == 3)
        #expect(queue.popFirst() == nil)
        #expect(queue.isEmpty && queue.bytes == 0)
    }

    @Test("a call removed from the middle is skipped and no longer counted")
    func removal() {
        var queue = ServiceQueue()
        for id in 1...4 { queue.append(UInt64(id), bytes: 1) }
        let removed = queue.remove(2)
        let removedAgain = queue.remove(2)
        #expect(removed && !removedAgain)
        #expect(queue.count == 3 && queue.bytes == 3)
        #expect(queue.ids == [1, 3, 4])
        #expect(queue.popFirst() == 1)
        #expect(queue.popFirst() == 3)
        #expect(queue.count == 1)
    }

    @Test("stays correct across many pushes and pops (storage compaction)")
    func compaction() {
        var queue = ServiceQueue()
        var next: UInt64 = 0
        var expected: UInt64 = 0
        for round in 0..<5000 {
            queue.append(next, bytes: 1); next += 1
            if round % 3 != 0 { queue.append(next, bytes: 1); next += 1 }
            #expect(queue.popFirst() == expected); expected += 1
        }
        while let id = queue.popFirst() { #expect(id == expected); expected += 1 }
        #expect(expected == next)
        #expect(queue.bytes == 0)
    }
}
