/// An 8-bit grayscale image, row-major, top row first, no padding between rows.
///
/// Every stage of the vision pipeline speaks this type: the decoders produce it, the face
/// detector scans it and the emotion classifier crops faces out of it.
public struct GrayImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height` luma values (0 = black).
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height, "pixel count must be width*height")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    @inlinable
    public subscript(x: Int, y: Int) -> UInt8 { pixels[y * width + x] }
}
