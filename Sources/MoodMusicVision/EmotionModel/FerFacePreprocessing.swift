/// fer 25.10.3's preprocessing of a detected face (`FER.detect_emotions`), step for step:
///
/// 1. The grayscale image is padded by 40 px (`PADDING`) on every side with a constant: the mean of its bottom
///    two rows (`cv2.mean`, i.e. sum · (1/n)), rounded half-to-even to a byte (`cv2.copyMakeBorder`).
/// 2. The box is made square by growing its shorter side (`tosquare`: x −= diff // 2, w += diff, or the same in y).
/// 3. It is grown by 10 px each side (`__apply_offsets`, offsets (10, 10)) and shifted into padded coordinates.
/// 4. x1 and y1 are clamped at 0; x2 and y2 are used as NumPy slice ends (negative counts from the end, then
///    clamped to the padded size).
/// 5. The crop is resized to the model input with `cv2.resize` INTER_LINEAR (an empty crop makes fer skip the face).
/// 6. Pixels become float32 (x / 255 − 0.5) · 2.
public enum FerFacePreprocessing {
    /// fer's `PADDING`.
    public static let padding = 40
    /// fer's default `offsets`.
    public static let offset = 10

    /// The region of the padded image fer crops for `box`: x1 ..< x2, y1 ..< y2 in padded coordinates.
    public struct Crop: Sendable, Equatable {
        public var x1: Int, y1: Int, x2: Int, y2: Int
        public var isEmpty: Bool { x2 <= x1 || y2 <= y1 }
    }

    /// Steps 2–4 for an image of `width` × `height` (before padding).
    public static func crop(for box: FaceBox, imageWidth width: Int, imageHeight height: Int) -> Crop {
        var (x, y, w, h) = (box.x, box.y, box.width, box.height)
        if h > w {
            let difference = h - w
            x -= floorDivide(difference, 2)
            w += difference
        } else if w > h {
            let difference = w - h
            y -= floorDivide(difference, 2)
            h += difference
        }
        let x1 = max(0, x - offset + padding)
        let y1 = max(0, y - offset + padding)
        let paddedWidth = width + 2 * padding
        let paddedHeight = height + 2 * padding
        return Crop(
            x1: min(x1, paddedWidth), y1: min(y1, paddedHeight),
            x2: sliceEnd(x + w + offset + padding, length: paddedWidth),
            y2: sliceEnd(y + h + offset + padding, length: paddedHeight))
    }

    /// Step 1's border value for `image`.
    public static func borderValue(of image: GrayImage) -> UInt8 {
        // image[row - 2 : row] with NumPy's slice rules (a one-row image uses its only row).
        let firstRow = image.height >= 2 ? image.height - 2 : 0
        let count = (image.height - firstRow) * image.width
        guard count > 0 else { return 0 }
        var sum = 0
        for index in (firstRow * image.width)..<(image.height * image.width) { sum += Int(image.pixels[index]) }
        let mean = Double(sum) * (1.0 / Double(count))
        return UInt8(mean.rounded(.toNearestOrEven))
    }

    /// Steps 1–5: the face as a `width` × `height` image, or nil when the crop is empty (fer skips such faces).
    public static func face(for box: FaceBox, in image: GrayImage, border: UInt8, width: Int, height: Int) -> GrayImage? {
        let crop = crop(for: box, imageWidth: image.width, imageHeight: image.height)
        guard !crop.isEmpty else { return nil }
        let cropWidth = crop.x2 - crop.x1
        var pixels = [UInt8](repeating: border, count: cropWidth * (crop.y2 - crop.y1))
        for y in crop.y1..<crop.y2 {
            let sourceY = y - padding
            guard sourceY >= 0 && sourceY < image.height else { continue }
            let first = max(crop.x1 - padding, 0)
            let end = min(crop.x2 - padding, image.width)
            guard first < end else { continue }
            let destination = (y - crop.y1) * cropWidth + (first + padding - crop.x1)
            pixels.replaceSubrange(destination..<(destination + end - first), with: image.pixels[(sourceY * image.width + first)..<(sourceY * image.width + end)])
        }
        let face = GrayImage(width: cropWidth, height: crop.y2 - crop.y1, pixels: pixels)
        return OpenCVLinearResize.resize(face, width: width, height: height)
    }

    /// `cv2.resize` INTER_LINEAR of any grayscale image (e.g. a 48 × 48 FER2013 face) to `width` × `height`.
    public static func resized(_ image: GrayImage, width: Int, height: Int) -> GrayImage {
        OpenCVLinearResize.resize(image, width: width, height: height)
    }

    /// Step 6: float32 (x / 255 − 0.5) · 2, written to `destination` (`image.pixels.count` floats).
    public static func scale(_ image: GrayImage, into destination: UnsafeMutablePointer<Float>) {
        for (index, pixel) in image.pixels.enumerated() { destination[index] = (Float(pixel) / 255 - 0.5) * 2 }
    }

    /// Step 6 as an array.
    public static func scaled(_ image: GrayImage) -> [Float] {
        image.pixels.map { (Float($0) / 255 - 0.5) * 2 }
    }

    /// Python's `//` for a positive divisor.
    private static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    private static func sliceEnd(_ end: Int, length: Int) -> Int {
        min(max(end < 0 ? end + length : end, 0), length)
    }
}
