/// A compact copy of the scan rows for the first pass: every one of the 16 row values stored as a
/// UInt8 on a per-dimension affine grid (x ≈ low[d] + step[d] · u), 16 bytes per track instead of 64.
///
/// Tracks are grouped by their one-hot code (year bucket, popularity bucket, mood), so within a
/// group the one-hot table value is a per-query constant and the whole approximate score is one
/// 16-term dot product with no gather. Each group is padded to whole blocks of 16 tracks, stored
/// dimension-major (block b, dim d, lane t at `b·256 + d·16 + byteOffset(t)`) so the scan computes 16 tracks'
/// scores at once with vertical SIMD adds.
///
/// `maxError[d]` is the largest |x − (low + step·u)| seen at build, so a query can bound how far the
/// approximate score may be from the exact Float32 one and re-score exactly only tracks that could
/// still enter the top k.
struct QuantizedRows: Sendable {
    static let lanes = 16
    static let dims = TrackVectors.stride
    static let blockBytes = lanes * dims

    /// Block-major bytes, `blockCount · 256`.
    var bytes: [UInt8]
    /// Per block slot (`block · 16 + lane`): the catalog index, or −1 for padding.
    var slotTracks: [Int32]
    /// Per catalog index: its slot, or −1 for a track this index does not scan (another shard's).
    var trackSlots: [Int32]
    /// Per code c: its blocks are `groupBlockOffsets[c]..<groupBlockOffsets[c + 1]`.
    var groupBlockOffsets: [Int32]
    var low: [Float]
    var step: [Float]
    var maxError: [Float]
    /// Per dim, the largest |x| (bounds the float rounding of a dot product).
    var magnitude: [Float]

    /// Where lane t's byte sits in a 16-byte dimension row: byte p of little-endian word j is lane
    /// 4p + j, which is the order in which the scan widens the bytes.
    @inline(__always)
    static func byteOffset(lane t: Int) -> Int { 4 * (t % 4) + t / 4 }

    var blockCount: Int { Int(groupBlockOffsets[TrackVectors.codeCount]) }

    init(rows: [Float], codes: [UInt16], count n: Int, include: (Int) -> Bool = { _ in true }) {
        let dims = Self.dims, lanes = Self.lanes
        var low = [Float](repeating: 0, count: dims)
        var high = [Float](repeating: 0, count: dims)
        if n > 0 {
            for d in 0..<dims { low[d] = rows[d]; high[d] = rows[d] }
            for i in 0..<n {
                for d in 0..<dims {
                    let x = rows[i * dims + d]
                    low[d] = min(low[d], x)
                    high[d] = max(high[d], x)
                }
            }
        }
        let step = (0..<dims).map { d in high[d] > low[d] ? (high[d] - low[d]) / 255 : 0 }
        var counts = [Int](repeating: 0, count: TrackVectors.codeCount)
        for i in 0..<n where include(i) { counts[Int(codes[i])] += 1 }
        var offsets = [Int32](repeating: 0, count: TrackVectors.codeCount + 1)
        for c in 0..<TrackVectors.codeCount { offsets[c + 1] = offsets[c] + Int32((counts[c] + lanes - 1) / lanes) }
        let blocks = Int(offsets[TrackVectors.codeCount])
        var bytes = [UInt8](repeating: 0, count: blocks * Self.blockBytes)
        var slotTracks = [Int32](repeating: -1, count: blocks * lanes)
        var fill = offsets.map { Int($0) * lanes }
        var maxError = [Float](repeating: 0, count: dims)
        var trackSlots = [Int32](repeating: -1, count: n)
        for i in 0..<n where include(i) {
            let c = Int(codes[i])
            let slot = fill[c]
            fill[c] += 1
            slotTracks[slot] = Int32(i)
            trackSlots[i] = Int32(slot)
            let (b, t) = slot.quotientAndRemainder(dividingBy: lanes)
            for d in 0..<dims {
                let x = rows[i * dims + d]
                var u: Float = 0
                if step[d] > 0 { u = min(max(((x - low[d]) / step[d]).rounded(), 0), 255) }
                bytes[b * Self.blockBytes + d * lanes + Self.byteOffset(lane: t)] = UInt8(u)
                maxError[d] = max(maxError[d], abs(x - (low[d] + step[d] * u)))
            }
        }
        // Padding slots hold u = 0, i.e. `low`: harmless, they are skipped by their −1 index.
        self.bytes = bytes
        self.slotTracks = slotTracks
        self.trackSlots = trackSlots
        groupBlockOffsets = offsets
        self.low = low
        self.step = step
        self.maxError = maxError
        magnitude = (0..<dims).map { max(abs(low[$0]), abs(high[$0])) }
    }
}
