import Foundation

/// A face crop for the emotion model that follows the eyes instead of the detector's axis-aligned box: the
/// square is rotated so the eye line is horizontal, its side is `sideToEyeDistance` eye distances, and its
/// centre lies `centerBelowEyes` eye distances below the eyes' midpoint (perpendicular to the eye line).
/// Outside the image, pixels take fer's border value (the mean of the bottom two rows).
public enum AlignedFaceCrop {
    /// Matches fer's crop of an upright BlazeFace box on average (box + 10 px each side, square); see
    /// docs/vision.md for how they were measured.
    public static let sideToEyeDistance: Float = 2.6
    public static let centerBelowEyes: Float = 0.45

    /// The crop as a `size` × `size` image, bilinear samples; nil when the eyes coincide.
    public static func crop(_ landmarks: FaceLandmarks, in image: GrayImage, border: UInt8, size: Int) -> GrayImage? {
        let right = SIMD2(landmarks.rightEye.x, landmarks.rightEye.y), left = SIMD2(landmarks.leftEye.x, landmarks.leftEye.y)
        let line = left - right
        let distance = (line * line).sum().squareRoot()
        guard distance > 0.5, distance.isFinite else { return nil }
        let across = line / distance
        let down = SIMD2(-across.y, across.x)
        let side = sideToEyeDistance * distance
        let center = (left + right) / 2 + down * (centerBelowEyes * distance)
        let step = side / Float(size)
        let origin = center - across * (side / 2) - down * (side / 2)
        var pixels = [UInt8](repeating: border, count: size * size)
        for i in 0..<size {
            for j in 0..<size {
                let p = origin + across * ((Float(j) + 0.5) * step) + down * ((Float(i) + 0.5) * step) - 0.5
                pixels[i * size + j] = sample(image, x: p.x, y: p.y, border: border)
            }
        }
        return GrayImage(width: size, height: size, pixels: pixels)
    }

    private static func sample(_ image: GrayImage, x: Float, y: Float, border: UInt8) -> UInt8 {
        let x0 = Int(x.rounded(.down)), y0 = Int(y.rounded(.down))
        let fx = x - Float(x0), fy = y - Float(y0)
        func at(_ xx: Int, _ yy: Int) -> Float {
            xx >= 0 && yy >= 0 && xx < image.width && yy < image.height ? Float(image.pixels[yy * image.width + xx]) : Float(border)
        }
        let value = (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy
        return UInt8(min(max(value.rounded(), 0), 255))
    }
}

extension EmotionClassifier {
    /// Probabilities for BlazeFace detections cropped by `AlignedFaceCrop`; an empty vector where no crop exists.
    public func classify(aligned detections: [BlazeFaceDetection], in image: GrayImage) -> [[Float]] {
        let border = FerFacePreprocessing.borderValue(of: image)
        let crops = detections.map { AlignedFaceCrop.crop($0.landmarks, in: image, border: border, size: model.inputWidth) }
        let valid = crops.compactMap { $0 }
        var probabilities: [[Float]] = []
        var start = 0
        while start < valid.count {
            let count = min(EmotionModel.maxChunk, valid.count - start)
            probabilities += model.predict(count: count) { index, destination in FerFacePreprocessing.scale(valid[start + index], into: destination) }
            start += count
        }
        var next = probabilities.makeIterator()
        return crops.map { $0 == nil ? [] : next.next()! }
    }
}
