/// Runs the cascade over every window position of one scaled image.
///
/// Feature rectangles are turned into offsets into the integral image once per stride, so
/// the per-window work is pointer reads and float arithmetic. The arithmetic follows OpenCV's
/// CPU evaluator step for step (float feature sums, float variance factor, double stage
/// sums), because a window that sits exactly on a threshold must fall the same way.
struct CascadeScanner {
    /// A stump with its feature's rectangle corners resolved to integral-image offsets.
    private struct PackedStump {
        var a0: Int32, a1: Int32, a2: Int32, a3: Int32
        var b0: Int32, b1: Int32, b2: Int32, b3: Int32
        var c0: Int32, c1: Int32, c2: Int32, c3: Int32
        var weightA: Float, weightB: Float, weightC: Float
        var threshold: Float
        var left: Float
        var right: Float
    }

    private enum Outcome { case face, rejectedAtFirstStage, rejected }

    private let cascade: HaarCascade
    private var packed: [PackedStump]
    private var packedStride = -1
    private let stageEnds: [Int]
    private let stageThresholds: [Double]

    init(cascade: HaarCascade) {
        self.cascade = cascade
        packed = []
        packed.reserveCapacity(cascade.stumps.count)
        var end = 0
        stageEnds = cascade.stages.map { end += $0.stumpCount; return end }
        stageThresholds = cascade.stages.map { Double($0.threshold) }
    }

    /// Resolves every stump's rectangles for an integral image whose rows are `stride` apart.
    mutating func prepare(stride: Int) {
        guard stride != packedStride else { return }
        packedStride = stride
        packed.removeAll(keepingCapacity: true)
        func corners(_ r: HaarRect?) -> (Int32, Int32, Int32, Int32) {
            guard let r else { return (0, 0, 0, 0) }
            let s = Int32(stride)
            return (r.x + s * r.y, r.x + r.width + s * r.y, r.x + s * (r.y + r.height), r.x + r.width + s * (r.y + r.height))
        }
        for stump in cascade.stumps {
            let rects = cascade.features[stump.featureIndex].rects
            let a = corners(rects[0])
            let b = corners(rects.count > 1 ? rects[1] : nil)
            let c = corners(rects.count > 2 ? rects[2] : nil)
            packed.append(PackedStump(
                a0: a.0, a1: a.1, a2: a.2, a3: a.3, b0: b.0, b1: b.1, b2: b.2, b3: b.3, c0: c.0, c1: c.1, c2: c.2, c3: c.3,
                weightA: rects[0].weight, weightB: rects.count > 1 ? rects[1].weight : 0,
                weightC: rects.count > 2 ? rects[2].weight : 0,
                threshold: stump.threshold, left: stump.left, right: stump.right))
        }
    }

    /// Scans window origins (x, y) with `x < workingWidth`, `y < rowLimit`, both stepping by
    /// `scale.step`; after a window fails the first stage the next x is skipped, as OpenCV does.
    /// Hits are appended in original-image coordinates.
    func scan(sum: UnsafePointer<Int32>, squareSum: UnsafePointer<UInt32>, stride: Int,
              workingWidth: Int, rowLimit: Int, scale: CascadeScale, into hits: inout [DetectionRect]) {
        precondition(stride == packedStride, "prepare(stride:) first")
        let winW = cascade.windowWidth, winH = cascade.windowHeight
        // Variance is measured on the window shrunk by one pixel on every side.
        let n0 = 1 + stride, n1 = winW - 1 + stride
        let n2 = 1 + stride * (winH - 1), n3 = winW - 1 + stride * (winH - 1)
        let area = Double((winW - 2) * (winH - 2))
        let step = scale.step

        packed.withUnsafeBufferPointer { stumpBuffer in
        stageEnds.withUnsafeBufferPointer { ends in
        stageThresholds.withUnsafeBufferPointer { thresholds in
            let stumps = stumpBuffer.baseAddress!
            let stageCount = ends.count

            @inline(__always) func evaluate(_ origin: Int) -> Outcome {
                let p = sum + origin, q = squareSum + origin
                let windowSum = p[n0] &- p[n1] &- p[n2] &+ p[n3]
                let windowSquares = q[n0] &- q[n1] &- q[n2] &+ q[n3]
                let spread = area * Double(windowSquares) - Double(windowSum) * Double(windowSum)
                guard spread > 0 else { return .rejected }
                let normaliser = Float(1.0 / spread.squareRoot())
                guard area * Double(normaliser) < 0.1 else { return .rejected }   // flat window

                var index = 0
                for stage in 0..<stageCount {
                    let end = ends[stage]
                    var vote = 0.0
                    while index < end {
                        let s = stumps[index]
                        var feature = s.weightA * Float(p[Int(s.a0)] &- p[Int(s.a1)] &- p[Int(s.a2)] &+ p[Int(s.a3)])
                            + s.weightB * Float(p[Int(s.b0)] &- p[Int(s.b1)] &- p[Int(s.b2)] &+ p[Int(s.b3)])
                        if s.weightC != 0 {
                            feature += s.weightC * Float(p[Int(s.c0)] &- p[Int(s.c1)] &- p[Int(s.c2)] &+ p[Int(s.c3)])
                        }
                        vote += Double(feature * normaliser < s.threshold ? s.left : s.right)
                        index += 1
                    }
                    if vote < thresholds[stage] { return stage == 0 ? .rejectedAtFirstStage : .rejected }
                }
                return .face
            }

            var y = 0
            while y < rowLimit {
                var x = 0
                let rowOrigin = y * stride
                while x < workingWidth {
                    switch evaluate(rowOrigin + x) {
                    case .face:
                        hits.append(DetectionRect(
                            x: roundToInt(Float(x) * scale.factor), y: roundToInt(Float(y) * scale.factor),
                            width: scale.windowWidth, height: scale.windowHeight))
                    case .rejectedAtFirstStage:
                        x += step
                    case .rejected:
                        break
                    }
                    x += step
                }
                y += step
            }
        }
        }
        }
    }
}
