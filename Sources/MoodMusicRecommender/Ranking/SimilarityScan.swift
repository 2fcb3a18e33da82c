import Foundation

/// The per-query hot loop: scores every track against a prepared query and keeps the top k.
///
/// The exact score of track i, with row r = rows[i] (16 floats) and the query row
/// Q = [q_audio / ‖q‖, 0, λ·target], is score_i = r · Q + r[11] · (table[code_i] + genre_i):
/// similarity + λ · Σ_m target(m) · p_i(m), where `table` folds the one-hot groups and `genre_i` is
/// the query's genre TF-IDF contribution (non-zero only for tracks sharing a genre with the query).
///
/// It runs in two passes that give exactly the scores and top k of scoring every track that way:
/// 1. **Genre tracks, exactly.** The query's genre postings are scattered into a reusable,
///    catalog-sized buffer (only the touched entries are written, and cleared afterwards); each
///    touched track is scored exactly and offered to the heap.
/// 2. **Everyone else, quantised first.** `QuantizedRows` (16 B per track, grouped by code) gives an
///    approximate score for 16 tracks per SIMD step; with the per-dimension quantisation error the
///    scan knows a bound ε with |approx − exact| ≤ ε, so only tracks with approx ≥ threshold − ε
///    (a few hundred per query) are re-scored exactly from the Float32 rows. A skipped track's
///    exact score is below the heap's threshold, so it could never have entered.
/// Eligibility (playlist, explicit, years) is only checked for tracks whose exact score would enter.
struct SimilarityScan {
    let vectors: TrackVectors

    struct Prepared {
        /// q_audio / ‖q‖, a 0 for the 1/norm slot, then λ · target mood weights.
        var row: SIMD16<Float>
        /// Per code: the one-hot groups' contribution (and the expected value of the groups the
        /// code says are missing), scaled by 1/‖q‖.
        var table: [Float]
        /// Per genre: the query's value scaled by 1/‖q‖; empty when the query has no genres.
        var genre: [Float]
        /// The affect term: weight · closeness of (valence, energy) to `affectTarget`; 0 = off.
        var affectWeight: Float = 0
        var affectTarget = SIMD2<Float>(0, 0)
        /// Per code, the part of `table` that lines up the missing-data patterns' score tails
        /// for a mood-profile query (`MissingnessStrata`); empty otherwise.
        var calibration: [Float] = []
    }

    /// Lines up the missing-data patterns' score tails for a list of `k` (a query without genres).
    func calibrate(_ prepared: inout Prepared, k: Int) {
        let unshifted = prepared
        prepared.calibration = vectors.strata.offsets(k: k) { exactScore(unshifted, track: $0) }
        for c in prepared.table.indices { prepared.table[c] += prepared.calibration[c] }
    }

    func prepare(_ query: QueryVector, moodFit: Float, targets: [Float], affect: (weight: Float, target: SIMD2<Float>)? = nil) -> Prepared {
        let norm = query.norm
        let inverse: Float = norm > 0 ? 1 / norm : 0
        var row = SIMD16<Float>(repeating: 0)
        for f in 0..<TrackVectors.audioCount { row[f] = query.audio[f] * inverse }
        for m in 0..<TrackVectors.moodCount { row[TrackVectors.moodOffset + m] = targets[m] * moodFit }
        let w = vectors.weights, priors = vectors.priors
        var expectedYear: Float = 0, expectedPopularity: Float = 0, expectedGenre: Float = 0
        for b in 0..<Buckets.yearCount { expectedYear += w.year * priors.year[b] * query.year[b] }
        for y in 0..<Buckets.exactYearCount { expectedYear += w.exactYear * priors.exactYear[y] * query.exactYear[y] }
        for b in 0..<Buckets.popularityCount { expectedPopularity += priors.popularity[b] * query.popularity[b] }
        for (g, q) in query.genre.enumerated() where q != 0 { expectedGenre += priors.genre[g] * q }
        var table = [Float](repeating: 0, count: TrackVectors.codeCount)
        for code in 0..<TrackVectors.codeCount {
            let (year, popularity, mood, hasGenres) = TrackVectors.decode(UInt16(code))
            var v = w.mood * query.mood[mood]
            v += year != Buckets.none
                ? w.year * query.year[Buckets.decade(ofExactYear: year)] + w.exactYear * query.exactYear[year] : expectedYear
            v += w.popularity * (popularity != Buckets.none ? query.popularity[popularity] : expectedPopularity)
            if !hasGenres { v += expectedGenre }
            table[code] = v * inverse
        }
        let genre = query.genre.contains(where: { $0 != 0 }) ? query.genre.map { $0 * inverse } : []
        var prepared = Prepared(row: row, table: table, genre: genre)
        if let affect {
            prepared.affectWeight = affect.weight
            prepared.affectTarget = affect.target
        }
        return prepared
    }

    static let inverseSqrt2: Float = 0.70710677

    /// How close track i's (valence, energy) is to the affect target, in [0, 1].
    @inline(__always)
    func affectCloseness(_ prepared: Prepared, track i: Int) -> Float {
        let dv = vectors.valenceEnergy[2 * i] - prepared.affectTarget.x
        let de = vectors.valenceEnergy[2 * i + 1] - prepared.affectTarget.y
        let distance: Float = (dv * dv + de * de).squareRoot()
        return max(0, 1 - distance * Self.inverseSqrt2)
    }

    /// Track i's exact ranking score (what the scan ranks by).
    func exactScore(_ prepared: Prepared, track i: Int) -> Float {
        vectors.rows.withUnsafeBufferPointer { rows in
            let extra = prepared.table[Int(vectors.codes[i])] + genreContribution(prepared, track: i)
            var score = Self.exactScore(UnsafeRawPointer(rows.baseAddress!), i, prepared.row, extra)
            if prepared.affectWeight != 0 { score += prepared.affectWeight * affectCloseness(prepared, track: i) }
            return score
        }
    }

    /// Track i's exact genre contribution: Σ over its genres, in ascending genre id, of the scaled
    /// query value times its TF-IDF entry (the order the former catalog-wide scatter added them in).
    func genreContribution(_ prepared: Prepared, track i: Int) -> Float {
        guard !prepared.genre.isEmpty else { return 0 }
        var sum: Float = 0
        for j in Int(vectors.trackGenreOffsets[i])..<Int(vectors.trackGenreOffsets[i + 1]) {
            let q = prepared.genre[Int(vectors.trackGenreIds[j])]
            if q != 0 { sum += q * vectors.trackGenreValues[j] }
        }
        return sum
    }

    /// Scatters the query's approximate genre contributions times each track's 1/‖v‖ into
    /// `slotGenre` (indexed by slot, all zero before; the scan zeroes it again as it reads it).
    func scatterGenres(_ prepared: Prepared, into slotGenre: UnsafeMutablePointer<Float>) {
        vectors.scanPostingSlots.withUnsafeBufferPointer { slots in
            vectors.scanPostingValues.withUnsafeBufferPointer { values in
                for (g, scaled) in prepared.genre.enumerated() where scaled != 0 {
                    for j in Int(vectors.scanPostingOffsets[g])..<Int(vectors.scanPostingOffsets[g + 1]) {
                        slotGenre[Int(slots[j])] += scaled * values[j]
                    }
                }
            }
        }
    }

    /// Scans blocks `blocks` of the quantised rows and offers the tracks that may beat the heap's
    /// threshold, scored exactly, to `heap`. With `slotGenre` (the scattered genre contributions),
    /// adds them to the approximate scores and zeroes the blocks' entries.
    func scanBlocks(_ prepared: Prepared, blocks: Range<Int>, slotGenre: UnsafeMutablePointer<Float>?,
                    into heap: inout TopKHeap, isEligible: (Int) -> Bool) {
        let quantized = vectors.quantized
        let q = prepared.row
        let dims = QuantizedRows.dims
        // Per-query parts of the bound that do not depend on the group.
        var baseOffset: Float = 0, baseError: Float = 0, baseMagnitude: Float = 0
        var scaled = [Float](repeating: 0, count: dims)
        for d in 0..<dims where d != TrackVectors.audioCount {
            scaled[d] = q[d] * quantized.step[d]
            baseOffset += q[d] * quantized.low[d]
            baseError += abs(q[d]) * quantized.maxError[d]
            baseMagnitude += abs(q[d]) * quantized.magnitude[d]
        }
        // The scattered genre term is rounded differently from the exact one (≤ ~1 in size).
        if slotGenre != nil { baseMagnitude += 2 * vectors.weights.genre + 1 }
        // The affect term (in [0, weight]) is not in the first pass: its largest value widens the bound.
        baseError += abs(prepared.affectWeight)
        let affect = prepared.affectWeight
        let n = TrackVectors.audioCount
        var weights = scaled.map { SIMD4<Float>(repeating: $0) }
        vectors.rows.withUnsafeBufferPointer { rows in
            vectors.codes.withUnsafeBufferPointer { codes in
                prepared.table.withUnsafeBufferPointer { table in
                    quantized.bytes.withUnsafeBufferPointer { bytes in
                        quantized.slotTracks.withUnsafeBufferPointer { slots in
                            let raw = UnsafeRawPointer(rows.baseAddress!)
                            let base = UnsafeRawPointer(bytes.baseAddress!)
                            for c in 0..<TrackVectors.codeCount {
                                let first = max(Int(quantized.groupBlockOffsets[c]), blocks.lowerBound)
                                let end = min(Int(quantized.groupBlockOffsets[c + 1]), blocks.upperBound)
                                guard first < end else { continue }
                                let t = table[c]
                                // In this group the 1/norm dimension's query weight is table[c].
                                let offset = baseOffset + t * quantized.low[n]
                                let bound = baseError + abs(t) * quantized.maxError[n]
                                    + 2e-5 * (1 + baseMagnitude + abs(t) * quantized.magnitude[n])
                                weights[n] = SIMD4(repeating: t * quantized.step[n])
                                var cut = heap.threshold - bound - offset
                                weights.withUnsafeBufferPointer { w in
                                    for b in first..<end {
                                        let p = base + b &* QuantizedRows.blockBytes
                                        var approx = Self.blockDot(p, w.baseAddress!)
                                        if let slotGenre {
                                            let g = UnsafeMutableRawPointer(slotGenre + b &* QuantizedRows.lanes)
                                            approx += g.loadUnaligned(as: SIMD16<Float>.self)
                                            g.storeBytes(of: SIMD16<Float>(repeating: 0), as: SIMD16<Float>.self)
                                        }
                                        guard Self.anyNotNegative(approx - SIMD16(repeating: cut)) else { continue }
                                        for lane in 0..<QuantizedRows.lanes where approx[lane] >= cut {
                                            let track = slots[b &* QuantizedRows.lanes &+ lane]
                                            guard track >= 0 else { continue }
                                            let i = Int(track)
                                            let genre = slotGenre == nil ? 0 : genreContribution(prepared, track: i)
                                            var score = Self.exactScore(raw, i, q, table[Int(codes[i])] + genre)
                                            if affect != 0 { score += affect * affectCloseness(prepared, track: i) }
                                            guard score >= heap.threshold, isEligible(i) else { continue }
                                            heap.insert(score: score, index: track)
                                            cut = heap.threshold - bound - offset
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Σ_d w[d] · u[d] for the 16 tracks of one block. Each 16-byte dimension row is read as four
    /// UInt32 words; byte p of word j belongs to lane 4p + j (`QuantizedRows.byteOffset`), so four
    /// shift/mask steps widen it to four SIMD4 lanes groups, and OR-ing the exponent of 2^23 turns
    /// each byte u into the float 2^23 + u (minus 2^23: u exactly) with plain SSE2 integer ops.
    @inline(__always)
    static func blockDot(_ p: UnsafeRawPointer, _ w: UnsafePointer<SIMD4<Float>>) -> SIMD16<Float> {
        let mask = SIMD4<UInt32>(repeating: 0xFF)
        let exponent = SIMD4<UInt32>(repeating: 0x4B00_0000)
        let magic = SIMD4<Float>(repeating: 8_388_608)
        var a0 = SIMD4<Float>(repeating: 0), a1 = a0, a2 = a0, a3 = a0
        for d in 0..<QuantizedRows.dims {
            let v = p.loadUnaligned(fromByteOffset: d &* 16, as: SIMD4<UInt32>.self)
            let wd = w[d]
            a0 += (unsafeBitCast((v & mask) | exponent, to: SIMD4<Float>.self) - magic) * wd
            a1 += (unsafeBitCast(((v &>> 8) & mask) | exponent, to: SIMD4<Float>.self) - magic) * wd
            a2 += (unsafeBitCast(((v &>> 16) & mask) | exponent, to: SIMD4<Float>.self) - magic) * wd
            a3 += (unsafeBitCast((v &>> 24) | exponent, to: SIMD4<Float>.self) - magic) * wd
        }
        return SIMD16(lowHalf: SIMD8(lowHalf: a0, highHalf: a1), highHalf: SIMD8(lowHalf: a2, highHalf: a3))
    }

    /// The exact Float32 score of track i; `extra` is table[code_i] + genre_i.
    @inline(__always)
    static func exactScore(_ raw: UnsafeRawPointer, _ i: Int, _ q: SIMD16<Float>, _ extra: Float) -> Float {
        let r = (raw + i &* (TrackVectors.stride &* 4)).loadUnaligned(as: SIMD16<Float>.self)
        return horizontalSum(r * q) + r[TrackVectors.audioCount] * extra
    }

    /// Whether any lane has its sign bit clear (≥ +0), by AND-ing the bit patterns as a tree of
    /// integer ops (`any()`, `max()` and `pointwiseMax` are not inlined). A lane of −0 counts as
    /// negative; the scan's bound has slack far above one rounding step, so that loses nothing.
    @inline(__always)
    static func anyNotNegative(_ v: SIMD16<Float>) -> Bool {
        let bits = unsafeBitCast(v, to: SIMD16<UInt32>.self)
        let eight = bits.lowHalf & bits.highHalf
        let four = eight.lowHalf & eight.highHalf
        let two = four.lowHalf & four.highHalf
        return (two[0] & two[1]) >> 31 == 0
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
    func similarity(_ prepared: Prepared, track i: Int, genre: Float) -> Float {
        var s: Float = 0
        for f in 0..<TrackVectors.audioCount { s += vectors.rows[i * TrackVectors.stride + f] * prepared.row[f] }
        let coefficient = vectors.rows[i * TrackVectors.stride + TrackVectors.audioCount]
        return s + coefficient * (prepared.table[Int(vectors.codes[i])] + genre)
    }
}

/// Per-query working memory, reused between queries: the slot-indexed genre buffer (all zero
/// between queries: the scan zeroes what the scatter wrote).
final class ScanScratch {
    var slotGenre: [Float]
    /// Set while `slotGenre` may hold non-zero entries (a scan did not finish).
    var dirty = false

    init(count: Int) { slotGenre = [Float](repeating: 0, count: count) }
}

/// A lock-protected stack of `ScanScratch`, so concurrent queries on one index each get their own.
final class ScanScratchPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [ScanScratch] = []
    let count: Int

    init(count: Int) { self.count = count }

    func take() -> ScanScratch {
        lock.lock()
        let scratch = free.popLast()
        lock.unlock()
        return scratch ?? ScanScratch(count: count)
    }

    func give(_ scratch: ScanScratch) {
        if scratch.dirty {
            for i in scratch.slotGenre.indices { scratch.slotGenre[i] = 0 }
            scratch.dirty = false
        }
        lock.lock()
        free.append(scratch)
        lock.unlock()
    }
}
