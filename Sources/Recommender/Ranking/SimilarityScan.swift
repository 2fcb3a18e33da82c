/// The per-query hot loop: scores every track against a prepared query and keeps the top k.
///
/// For track i, with row r = rows[i] (16 floats) and the query row Q = [q_audio / ‖q‖, 0, λ·target]:
/// score_i = r · Q + r[11] · (table[code_i] + genre_i), where `table` folds the one-hot groups and
/// `genre_i` comes from the genre scatter. That is similarity + λ · Σ_m target(m) · p_i(m) in one
/// pass with one 64-byte load per track. Eligibility (playlist, explicit, years) is only checked
/// for tracks whose score would enter the top k.
struct SimilarityScan {
    let vectors: TrackVectors

    struct Prepared {
        /// q_audio / ‖q‖, a 0 for the 1/norm slot, then λ · target mood weights.
        var row: SIMD16<Float>
        /// Per code: the one-hot groups' contribution, scaled by 1/‖q‖.
        var table: [Float]
        /// Per track: the genre contribution scaled by 1/‖q‖, or nil when the query has no genres.
        var genre: [Float]?
    }

    func prepare(_ query: QueryVector, moodFit: Float, targets: [Float]) -> Prepared {
        let norm = query.norm
        let inverse: Float = norm > 0 ? 1 / norm : 0
        var row = SIMD16<Float>(repeating: 0)
        for f in 0..<TrackVectors.audioCount { row[f] = query.audio[f] * inverse }
        for m in 0..<TrackVectors.moodCount { row[TrackVectors.moodOffset + m] = targets[m] * moodFit }
        let w = vectors.weights
        var table = [Float](repeating: 0, count: TrackVectors.codeCount)
        for code in 0..<TrackVectors.codeCount {
            let (year, popularity, mood) = TrackVectors.decode(UInt16(code))
            var v = w.mood * query.mood[mood]
            if year != Buckets.none { v += w.year * query.year[year] }
            if popularity != Buckets.none { v += w.popularity * query.popularity[popularity] }
            table[code] = v * inverse
        }
        var genre: [Float]?
        if query.genre.contains(where: { $0 != 0 }) {
            var buffer = [Float](repeating: 0, count: vectors.count)
            buffer.withUnsafeMutableBufferPointer { out in
                vectors.postingTracks.withUnsafeBufferPointer { tracks in
                    vectors.postingValues.withUnsafeBufferPointer { values in
                        for (g, q) in query.genre.enumerated() where q != 0 {
                            let scaled = q * inverse
                            for j in Int(vectors.postingOffsets[g])..<Int(vectors.postingOffsets[g + 1]) {
                                out[Int(tracks[j])] += scaled * values[j]
                            }
                        }
                    }
                }
            }
            genre = buffer
        }
        return Prepared(row: row, table: table, genre: genre)
    }

    /// Scans tracks `range` and returns the best k eligible ones (score, index).
    func topK(_ prepared: Prepared, k: Int, range: Range<Int>, isEligible: (Int) -> Bool) -> TopKHeap {
        if let genre = prepared.genre {
            return genre.withUnsafeBufferPointer { genre in
                scan(prepared, k: k, range: range, isEligible: isEligible) { genre[$0] }
            }
        }
        return scan(prepared, k: k, range: range, isEligible: isEligible) { _ in 0 }
    }

    @inline(__always)
    private func scan(_ prepared: Prepared, k: Int, range: Range<Int>, isEligible: (Int) -> Bool,
                      genre: (Int) -> Float) -> TopKHeap {
        var heap = TopKHeap(capacity: k)
        let q = prepared.row
        return vectors.rows.withUnsafeBufferPointer { rows in
            vectors.codes.withUnsafeBufferPointer { codes in
                prepared.table.withUnsafeBufferPointer { table in
                    let raw = UnsafeRawPointer(rows.baseAddress!)
                    var threshold = -Float.infinity
                    for i in range {
                        let r = (raw + i &* (TrackVectors.stride &* 4)).loadUnaligned(as: SIMD16<Float>.self)
                        let score = Self.horizontalSum(r * q) + r[TrackVectors.audioCount] * (table[Int(codes[i])] + genre(i))
                        guard score >= threshold, isEligible(i) else { continue }
                        heap.insert(score: score, index: Int32(i))
                        threshold = heap.threshold
                    }
                    return heap
                }
            }
        }
    }

    /// Adds the 16 lanes as a tree (4 dependent adds) instead of `sum()`'s lane-by-lane chain.
    @inline(__always)
    static func horizontalSum(_ v: SIMD16<Float>) -> Float {
        let eight = v.lowHalf + v.highHalf
        let four = eight.lowHalf + eight.highHalf
        let two = four.lowHalf + four.highHalf
        return two[0] + two[1]
    }

    /// The similarity of one track, computed the same way as in the scan.
    func similarity(_ prepared: Prepared, track i: Int) -> Float {
        var s: Float = 0
        for f in 0..<TrackVectors.audioCount { s += vectors.rows[i * TrackVectors.stride + f] * prepared.row[f] }
        let coefficient = vectors.rows[i * TrackVectors.stride + TrackVectors.audioCount]
        return s + coefficient * (prepared.table[Int(vectors.codes[i])] + (prepared.genre?[i] ?? 0))
    }
}
