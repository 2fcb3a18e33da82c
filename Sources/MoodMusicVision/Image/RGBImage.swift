/// An 8-bit RGB image, row-major, three bytes per pixel, no padding between rows.
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height * 3, "pixel count must be width*height*3")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Luma like cv2.cvtColor(COLOR_RGB2GRAY), as the emotion model's crops expect.
    public func gray() -> GrayImage {
        let count = width * height
        let gray = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            pixels.withUnsafeBufferPointer { GrayConversion.convertRGB($0.baseAddress!, to: out.baseAddress!, pixelCount: count) }
            initialized = count
        }
        return GrayImage(width: width, height: height, pixels: gray)
    }
}
