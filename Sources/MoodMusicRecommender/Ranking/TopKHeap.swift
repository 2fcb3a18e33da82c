/// Keeps the k best (score, index) pairs seen, in a binary min-heap whose root is the weakest kept
/// entry. Ties are broken by the lower index, so results do not depend on scan order.
struct TopKHeap {
    private(set) var scores: [Float] = []
    private(set) var indices: [Int32] = []
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        scores.reserveCapacity(capacity)
        indices.reserveCapacity(capacity)
    }

    var isFull: Bool { scores.count == capacity }

    /// The score an entry must beat to get in (−∞ until the heap is full).
    var threshold: Float { isFull ? scores[0] : -.infinity }

    @inline(__always)
    private func weaker(_ a: Int, _ b: Int) -> Bool {
        scores[a] < scores[b] || (scores[a] == scores[b] && indices[a] > indices[b])
    }

    mutating func insert(score: Float, index: Int32) {
        if !isFull {
            scores.append(score)
            indices.append(index)
            var child = scores.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard weaker(child, parent) else { break }
                scores.swapAt(child, parent)
                indices.swapAt(child, parent)
                child = parent
            }
            return
        }
        guard score > scores[0] || (score == scores[0] && index < indices[0]) else { return }
        scores[0] = score
        indices[0] = index
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < scores.count else { break }
            var weakest = left
            if left + 1 < scores.count && weaker(left + 1, left) { weakest = left + 1 }
            guard weaker(weakest, parent) else { break }
            scores.swapAt(weakest, parent)
            indices.swapAt(weakest, parent)
            parent = weakest
        }
    }

    /// The kept entries, best first.
    func sorted() -> [(score: Float, index: Int32)] {
        zip(scores, indices).map { (score: $0, index: $1) }
            .sorted { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
    }
}
