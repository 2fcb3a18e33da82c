extension GrayImage {
    /// The picture as it should be shown, given the EXIF orientation of the stored pixels.
    public func applying(_ orientation: ExifOrientation) -> GrayImage {
        if orientation == .up { return self }
        let w = width, h = height
        let outWidth = orientation.swapsDimensions ? h : w
        let outHeight = orientation.swapsDimensions ? w : h
        let output = [UInt8](unsafeUninitializedCapacity: w * h) { out, initialized in
            pixels.withUnsafeBufferPointer { source in
                for y in 0..<outHeight {
                    let row = y * outWidth
                    for x in 0..<outWidth {
                        // (sx, sy): the stored pixel that lands on (x, y) of the upright picture.
                        let sx: Int, sy: Int
                        switch orientation {
                        case .up: sx = x; sy = y
                        case .upMirrored: sx = w - 1 - x; sy = y
                        case .down: sx = w - 1 - x; sy = h - 1 - y
                        case .downMirrored: sx = x; sy = h - 1 - y
                        case .leftMirrored: sx = y; sy = x
                        case .right: sx = y; sy = h - 1 - x
                        case .rightMirrored: sx = w - 1 - y; sy = h - 1 - x
                        case .left: sx = w - 1 - y; sy = x
                        }
                        out[row + x] = source[sy * w + sx]
                    }
                }
            }
            initialized = w * h
        }
        return GrayImage(width: outWidth, height: outHeight, pixels: output)
    }
}
