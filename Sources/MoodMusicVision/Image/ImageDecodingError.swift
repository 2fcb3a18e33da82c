/// Why ``ImageDecoder`` could not turn a byte buffer into a ``GrayImage``.
public enum ImageDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The buffer held no bytes at all.
    case empty
    /// The leading bytes are neither a JPEG nor a PNG signature.
    case unsupportedFormat
    /// A JPEG or PNG whose layout the decoder does not handle (for example a CMYK JPEG).
    case unsupportedVariant(String)
    /// The data starts like a JPEG or PNG but cannot be decoded (truncated, damaged, or not an image).
    case corrupt(String)
    /// The header announces more pixels than the decoder's limit; nothing was allocated for them.
    case tooLarge(pixels: Int, limit: Int)
    /// The header announces an image with zero width or height.
    case zeroSize

    public var description: String {
        switch self {
        case .empty:
            return "image data is empty"
        case .unsupportedFormat:
            return "image format not recognised: expected JPEG (FF D8 FF) or PNG (89 50 4E 47) signature"
        case .unsupportedVariant(let detail):
            return "image variant not supported: \(detail)"
        case .corrupt(let detail):
            return "image data is corrupt or truncated: \(detail)"
        case .tooLarge(let pixels, let limit):
            return "image too large: \(pixels) pixels exceeds the limit of \(limit) pixels"
        case .zeroSize:
            return "image has zero width or height"
        }
    }
}
