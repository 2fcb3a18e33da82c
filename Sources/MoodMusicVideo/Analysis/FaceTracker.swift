import MoodMusicVision

/// Intersection over union of two boxes: 0 when they do not overlap, 1 when they are equal.
public func intersectionOverUnion(_ a: FaceBox, _ b: FaceBox) -> Double {
    let left = max(a.x, b.x), right = min(a.x + a.width, b.x + b.width)
    let top = max(a.y, b.y), bottom = min(a.y + a.height, b.y + b.height)
    guard right > left, bottom > top else { return 0 }
    let overlap = Double(right - left) * Double(bottom - top)
    let union = Double(a.area) + Double(b.area) - overlap
    return union > 0 ? overlap / union : 0
}

/// Follows faces from frame to frame by box overlap. Each new box joins the live track whose
/// last box overlaps it most (IoU at least `minimumOverlap`, greedy, best pair first); a box that
/// joins none starts a track. A track not seen for more than `maxGap` seconds ends. Track ids
/// start at 1 and are never reused.
public struct FaceTracker: Sendable {
    public var minimumOverlap: Double
    public var maxGap: Double

    private struct LiveTrack {
        let id: Int
        var box: FaceBox
        var lastSeen: Double
    }

    private var live: [LiveTrack] = []
    private var nextID = 1

    public init(minimumOverlap: Double = 0.3, maxGap: Double = 1.0) {
        self.minimumOverlap = minimumOverlap
        self.maxGap = maxGap
    }

    /// The track id of each box, in the order of `boxes`. Times must not decrease between calls.
    public mutating func assign(_ boxes: [FaceBox], at time: Double) -> [Int] {
        live.removeAll { time - $0.lastSeen > maxGap }
        var pairs: [(overlap: Double, track: Int, box: Int)] = []
        for (t, track) in live.enumerated() {
            for (b, box) in boxes.enumerated() {
                let overlap = intersectionOverUnion(track.box, box)
                if overlap >= minimumOverlap { pairs.append((overlap, t, b)) }
            }
        }
        // Best overlap first; ties go to the older track, then the earlier box, so ids are deterministic.
        pairs.sort { ($0.overlap, -live[$0.track].id, -$0.box) > ($1.overlap, -live[$1.track].id, -$1.box) }
        var ids = [Int?](repeating: nil, count: boxes.count)
        var trackTaken = [Bool](repeating: false, count: live.count)
        for pair in pairs where !trackTaken[pair.track] && ids[pair.box] == nil {
            trackTaken[pair.track] = true
            ids[pair.box] = live[pair.track].id
            live[pair.track].box = boxes[pair.box]
            live[pair.track].lastSeen = time
        }
        return boxes.indices.map { b in
            if let id = ids[b] { return id }
            let id = nextID
            nextID += 1
            live.append(LiveTrack(id: id, box: boxes[b], lastSeen: time))
            return id
        }
    }
}
