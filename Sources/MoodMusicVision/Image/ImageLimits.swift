enum ImageLimits {
    /// Validates header dimensions against the pixel limit before any pixel buffer exists.
    static func checkedPixelCount(width: Int, height: Int, maxPixels: Int) throws -> Int {
        guard width > 0, height > 0 else { throw ImageDecodingError.zeroSize }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels <= maxPixels else {
            throw ImageDecodingError.tooLarge(pixels: overflow ? Int.max : pixels, limit: maxPixels)
        }
        return pixels
    }
}
