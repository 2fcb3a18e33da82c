/// The eight EXIF orientation values (TIFF tag 0x0112): how the stored pixels must be
/// transformed to show the picture upright.
public enum ExifOrientation: Int, Sendable, CaseIterable {
    case up = 1                 // as stored
    case upMirrored = 2         // flip left-right
    case down = 3               // rotate 180°
    case downMirrored = 4       // flip top-bottom
    case leftMirrored = 5       // transpose (flip across the main diagonal)
    case right = 6              // rotate 90° clockwise
    case rightMirrored = 7      // transverse (flip across the anti-diagonal)
    case left = 8               // rotate 90° counter-clockwise

    /// Whether the upright picture has width and height swapped relative to the stored pixels.
    public var swapsDimensions: Bool { rawValue >= 5 }
}
