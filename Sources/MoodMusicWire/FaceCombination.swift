import MoodMusicProtos

/// How several faces' emotions combine into the one the songs are chosen for (the request's
/// `face_combination`). Pure: the gateway's RecommendForImage flow calls it with the emotion
/// worker's faces and echoes `used` in the reply.
public enum FaceCombination {
    /// The combined 7 probabilities (FER order) and the rule that produced them; nil when no face
    /// has 7 finite, non-negative probabilities (then the caller falls back to neutral).
    ///
    /// - mean (and unspecified): the plain mean over the faces.
    /// - largest: the face with the largest box area (the first such face on a tie).
    /// - sizeWeighted: the mean weighted by box area; faces of zero area count only if all are.
    public static func combine(_ faces: [Moodmusic_V1_Face], rule: Moodmusic_V1_FaceCombination)
        -> (probabilities: [Float], used: Moodmusic_V1_FaceCombination)? {
        let usable = faces.filter { face in
            face.probabilities.count == 7 && face.probabilities.allSatisfy { $0.isFinite && $0 >= 0 }
        }
        guard !usable.isEmpty else { return nil }
        let areas = usable.map { Double(max(0, $0.box.width)) * Double(max(0, $0.box.height)) }
        switch rule {
        case .largest:
            let best = areas.indices.max { areas[$0] < areas[$1] || (areas[$0] == areas[$1] && $0 > $1) }!
            return (usable[best].probabilities, .largest)
        case .sizeWeighted:
            let total = areas.reduce(0, +)
            let weights = total > 0 ? areas.map { $0 / total } : areas.map { _ in 1 / Double(areas.count) }
            return (weightedMean(usable, weights), .sizeWeighted)
        case .mean, .unspecified, .UNRECOGNIZED:
            return (weightedMean(usable, usable.map { _ in 1 / Double(usable.count) }), .mean)
        }
    }

    static func weightedMean(_ faces: [Moodmusic_V1_Face], _ weights: [Double]) -> [Float] {
        var sum = [Double](repeating: 0, count: 7)
        for (face, w) in zip(faces, weights) {
            for e in 0..<7 { sum[e] += w * Double(face.probabilities[e]) }
        }
        return sum.map { Float($0) }
    }
}
