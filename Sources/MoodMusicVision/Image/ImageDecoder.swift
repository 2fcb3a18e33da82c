/// Turns encoded JPEG or PNG bytes into an 8-bit ``GrayImage``, bit-identical to OpenCV's
/// `cv2.imread(path, IMREAD_COLOR)` followed by `cvtColor(..., COLOR_BGR2GRAY)`.
///
/// The format is recognised from its signature, not from a file name. JPEG EXIF orientation
/// is applied, so the result is the upright picture. Image size is checked against
/// ``maxPixels`` from the header, before the pixels are allocated.
public struct ImageDecoder: Sendable {
    /// The largest `width * height` accepted; larger images fail with ``ImageDecodingError/tooLarge(pixels:limit:)``.
    public var maxPixels: Int

    public init(maxPixels: Int = 40_000_000) {
        self.maxPixels = maxPixels
    }

    /// Decodes `bytes` to grayscale.
    /// - Throws: ``ImageDecodingError`` naming what is wrong with the data; never traps on bad input.
    public func decodeGray(_ bytes: [UInt8]) throws -> GrayImage {
        guard !bytes.isEmpty else { throw ImageDecodingError.empty }
        switch ImageFormat.sniff(bytes) {
        case .jpeg: return try JPEGDecoder.decodeGray(bytes, maxPixels: maxPixels)
        case .png: return try PNGDecoder.decodeGray(bytes, maxPixels: maxPixels)
        case nil: throw ImageDecodingError.unsupportedFormat
        }
    }
}
