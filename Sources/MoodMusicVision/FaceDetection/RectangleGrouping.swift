/// Merges raw cascade hits into faces the way OpenCV's `groupRectangles` does: hits are joined
/// (transitively) when all four edges lie within `eps` × their mean smaller side; each group
/// becomes its members' rounded mean; groups with `minNeighbors` members or fewer are dropped,
/// and so is a group lying inside a stronger one.
enum RectangleGrouping {
    struct Group: Equatable {
        var rect: DetectionRect
        var members: Int
    }

    static func group(_ hits: [DetectionRect], minNeighbors: Int, eps: Double = 0.2) -> [Group] {
        guard minNeighbors > 0, !hits.isEmpty else {
            return hits.map { Group(rect: $0, members: 1) }
        }
        let labels = partition(hits, eps: eps)
        let classCount = (labels.max() ?? -1) + 1
        var sums = [DetectionRect](repeating: DetectionRect(x: 0, y: 0, width: 0, height: 0), count: classCount)
        var counts = [Int](repeating: 0, count: classCount)
        for (hit, label) in zip(hits, labels) {
            sums[label].x += hit.x; sums[label].y += hit.y
            sums[label].width += hit.width; sums[label].height += hit.height
            counts[label] += 1
        }
        // OpenCV averages in float: sum * (1/n), rounded half to even.
        let means = zip(sums, counts).map { sum, count -> DetectionRect in
            let s = 1 / Float(count)
            return DetectionRect(x: roundToInt(Float(sum.x) * s), y: roundToInt(Float(sum.y) * s),
                                 width: roundToInt(Float(sum.width) * s), height: roundToInt(Float(sum.height) * s))
        }

        var result: [Group] = []
        for i in 0..<classCount where counts[i] > minNeighbors {
            let r1 = means[i], n1 = counts[i]
            let insideStronger = (0..<classCount).contains { j in
                guard j != i, counts[j] > minNeighbors else { return false }
                let r2 = means[j], n2 = counts[j]
                let dx = roundToInt(Double(r2.width) * eps), dy = roundToInt(Double(r2.height) * eps)
                return r1.x >= r2.x - dx && r1.y >= r2.y - dy
                    && r1.x + r1.width <= r2.x + r2.width + dx && r1.y + r1.height <= r2.y + r2.height + dy
                    && (n2 > max(3, n1) || n1 < 3)
            }
            if !insideStronger { result.append(Group(rect: r1, members: n1)) }
        }
        return result
    }

    static func similar(_ a: DetectionRect, _ b: DetectionRect, eps: Double) -> Bool {
        let delta = eps * Double(min(a.width, b.width) + min(a.height, b.height)) * 0.5
        return Double(abs(a.x - b.x)) <= delta && Double(abs(a.y - b.y)) <= delta
            && Double(abs(a.x + a.width - b.x - b.width)) <= delta
            && Double(abs(a.y + a.height - b.y - b.height)) <= delta
    }

    /// Equivalence classes of the similarity relation's transitive closure, numbered 0… in
    /// order of each class's first member.
    static func partition(_ rects: [DetectionRect], eps: Double) -> [Int] {
        var parent = Array(0..<rects.count)
        func root(_ i: Int) -> Int {
            var r = i
            while parent[r] != r { r = parent[r] }
            var j = i
            while parent[j] != r { let next = parent[j]; parent[j] = r; j = next }
            return r
        }
        for i in 0..<rects.count {
            for j in (i + 1)..<rects.count where similar(rects[i], rects[j], eps: eps) {
                let ri = root(i), rj = root(j)
                if ri != rj { parent[max(ri, rj)] = min(ri, rj) }
            }
        }
        var labelOfRoot = [Int: Int]()
        return (0..<rects.count).map { i in
            let r = root(i)
            if let label = labelOfRoot[r] { return label }
            let label = labelOfRoot.count
            labelOfRoot[r] = label
            return label
        }
    }
}
