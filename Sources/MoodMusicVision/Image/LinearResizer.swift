/// Bilinear resampling that reproduces OpenCV's bit-exact `resize(..., INTER_LINEAR_EXACT)` on
/// 8-bit images, the resampler OpenCV 4's cascade classifier uses to build its image pyramid.
///
/// Source coordinates are `(d + 0.5) * scale - 0.5` in double precision; weights are quantised
/// to 8 fractional bits (×256, round-half-even); the horizontal pass keeps 8 fractional bits
/// exactly, the vertical pass rounds once from 16 (`(v + 2^15) >> 16`). Destination pixels
/// whose coordinate falls before the first or after the last source pixel copy that edge pixel.
/// The detector's scores depend on every pixel of the scaled images, so "close" is not enough:
/// this was checked equal to cv2 4.14 on many sizes.
struct LinearResizer {
    private static let one: Int32 = 256

    /// Where one output axis samples its source axis.
    private struct AxisMap {
        /// Per output index: the left/upper source index and the weight (0...256) of its right/lower neighbour.
        var offsets: [Int32] = []
        var weights: [Int32] = []
        /// Output indices below `first` copy source index 0; from `end` on they copy the last source index.
        var first = 0
        var end: Int

        init(source: Int, destination: Int) {
            end = destination
            let scale = 1.0 / (Double(destination) / Double(source))
            offsets.reserveCapacity(destination)
            weights.reserveCapacity(destination)
            for d in 0..<destination {
                let position = scale * (Double(d) + 0.5) - 0.5
                let index = Int(position.rounded(.down))
                var offset = 0, weight: Int32 = 0
                if index >= 0 && source > 1 {
                    if index < source - 1 {
                        offset = index
                        weight = Int32(((position - Double(index)) * 256).rounded(.toNearestOrEven))
                    } else {
                        offset = source - 1
                        end = min(end, d)
                    }
                } else {
                    first = max(first, d + 1)
                }
                offsets.append(Int32(offset))
                weights.append(weight)
            }
        }
    }

    let sourceWidth: Int, sourceHeight: Int
    let width: Int, height: Int
    private let columns: AxisMap
    private let rows: AxisMap

    init(sourceWidth: Int, sourceHeight: Int, width: Int, height: Int) {
        precondition(sourceWidth > 0 && sourceHeight > 0 && width > 0 && height > 0)
        self.sourceWidth = sourceWidth; self.sourceHeight = sourceHeight
        self.width = width; self.height = height
        columns = AxisMap(source: sourceWidth, destination: width)
        rows = AxisMap(source: sourceHeight, destination: height)
    }

    /// Resizes `source` (sourceWidth × sourceHeight, packed) into `destination` (width × height, packed).
    /// `rowScratch` must hold at least `2 * width` values; it caches the two horizontally
    /// resampled source rows that the current output row blends.
    func resize(_ source: UnsafePointer<UInt8>, into destination: UnsafeMutablePointer<UInt8>,
                rowScratch: UnsafeMutablePointer<Int32>) {
        var cached = (-1, -1)   // source row held in scratch slot 0 and slot 1
        let one = Self.one
        columns.offsets.withUnsafeBufferPointer { offsets in
        columns.weights.withUnsafeBufferPointer { weights in
            let first = columns.first, end = columns.end
            func horizontal(_ sourceRow: Int, into out: UnsafeMutablePointer<Int32>) {
                let line = source + sourceRow * sourceWidth
                let left = Int32(line[0]) << 8, right = Int32(line[sourceWidth - 1]) << 8
                for dx in 0..<first { out[dx] = left }
                for dx in first..<max(first, end) {
                    let sx = Int(offsets[dx]), w = weights[dx]
                    out[dx] = Int32(line[sx]) &* (one &- w) &+ Int32(line[sx + 1]) &* w
                }
                for dx in max(first, end)..<width { out[dx] = right }
            }
            func slot(for sourceRow: Int, keeping other: Int) -> UnsafeMutablePointer<Int32> {
                if cached.0 == sourceRow { return rowScratch }
                if cached.1 == sourceRow { return rowScratch + width }
                if cached.0 != other {
                    horizontal(sourceRow, into: rowScratch); cached.0 = sourceRow; return rowScratch
                }
                horizontal(sourceRow, into: rowScratch + width); cached.1 = sourceRow; return rowScratch + width
            }
            for dy in 0..<height {
                let out = destination + dy * width
                if dy < rows.first || dy >= rows.end {
                    let edge = slot(for: dy < rows.first ? 0 : sourceHeight - 1, keeping: -1)
                    for dx in 0..<width { out[dx] = UInt8(clamping: (edge[dx] &+ 128) >> 8) }
                    continue
                }
                let top = Int(rows.offsets[dy]), w = rows.weights[dy]
                let upper = slot(for: top, keeping: top + 1)
                let lower = slot(for: top + 1, keeping: top)
                for dx in 0..<width {
                    let value = upper[dx] &* (one &- w) &+ lower[dx] &* w
                    out[dx] = UInt8(clamping: (value &+ (1 << 15)) >> 16)
                }
            }
        }
        }
    }
}
