/// Scales each feature to [0, 1] by the minimum and maximum seen in the training rows.
public struct MinMaxScaler: Sendable, Equatable {
    public var minimums: [Double]
    public var ranges: [Double]

    /// Fits on row-major `rows` of `width` values.
    public init(rows: [Double], width: Int) {
        var lo = [Double](repeating: .infinity, count: width)
        var hi = [Double](repeating: -.infinity, count: width)
        for (i, v) in rows.enumerated() {
            let j = i % width
            lo[j] = min(lo[j], v)
            hi[j] = max(hi[j], v)
        }
        minimums = lo
        // A constant column scales to 0 instead of dividing by zero.
        ranges = zip(lo, hi).map { $1 > $0 ? $1 - $0 : 1 }
    }

    public func transform(_ rows: [Double]) -> [Double] {
        let width = minimums.count
        return rows.enumerated().map { i, v in (v - minimums[i % width]) / ranges[i % width] }
    }
}
