/// Summed-area tables of an image and of its squared pixels, each (width+1)×(height+1) with a
/// zero first row and column, so a rectangle's sum is four reads.
///
/// Squares are kept in UInt32 with wrapping adds, as OpenCV keeps them in 32 bits: the table's
/// far entries overflow on large images, but a window's four-corner difference is exact modulo
/// 2^32 and a 22×22 window's true sum (≤ 31.5 M) fits, so the result equals the exact value.
enum IntegralImages {
    /// Fills `sum` and `squareSum` (each at least `(width+1)*(height+1)`) from `pixels`.
    static func compute(_ pixels: UnsafePointer<UInt8>, width: Int, height: Int,
                        sum: UnsafeMutablePointer<Int32>, squareSum: UnsafeMutablePointer<UInt32>) {
        let stride = width + 1
        for x in 0..<stride { sum[x] = 0; squareSum[x] = 0 }
        for y in 0..<height {
            let line = pixels + y * width
            let above = y * stride, here = (y + 1) * stride
            sum[here] = 0; squareSum[here] = 0
            var rowSum: Int32 = 0
            var rowSquares: UInt32 = 0
            for x in 0..<width {
                let value = UInt32(line[x])
                rowSum &+= Int32(value)
                rowSquares &+= value &* value
                sum[here + x + 1] = sum[above + x + 1] &+ rowSum
                squareSum[here + x + 1] = squareSum[above + x + 1] &+ rowSquares
            }
        }
    }
}
