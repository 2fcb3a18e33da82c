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
}

@Suite("Bounded queue")
struct BoundedQueueTests {
    @Test("FIFO order, with retries put back in front")
    func order() {
        var queue = BoundedQueue(limit: 3)
        for id in 1...3 { queue.append(UInt64(id)) }
        #expect(queue.isFull)
        #expect(queue.popFirst() == 1)
        queue.prepend(9)
        #expect(Array(queue.ids) == [9, 2, 3])
        #expect(queue.popFirst() == 9)
        #expect(queue.popFirst() == 2)
        #expect(queue.popFirst() == 3)
        #expect(queue.popFirst() == nil)
        #expect(queue.isEmpty)
    }

    @Test("stays correct across many pushes and pops (storage compaction)")
    func compaction() {
        var queue = BoundedQueue(limit: 10)
        var next: UInt64 = 0
        var expected: UInt64 = 0
        for round in 0..<5000 {
            queue.append(next); next += 1
            if round % 3 != 0 { queue.append(next); next += 1 }
            #expect(queue.popFirst() == expected); expected += 1
        }
        while let id = queue.popFirst() { #expect(id == expected); expected += 1 }
        #expect(expected == next)
    }
}
