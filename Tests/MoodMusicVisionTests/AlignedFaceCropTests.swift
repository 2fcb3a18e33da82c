import Testing

@testable import MoodMusicVision

struct AlignedFaceCropTests {
    /// A 100×100 image whose value is x + y (clamped), so every sample says where it was taken.
    private let ramp = GrayImage(width: 100, height: 100, pixels: (0..<10_000).map { UInt8(min(($0 % 100) + ($0 / 100), 255)) })

    private func landmarks(right: (Float, Float), left: (Float, Float)) -> FaceLandmarks {
        let r = ImagePoint(x: right.0, y: right.1), l = ImagePoint(x: left.0, y: left.1), o = ImagePoint(x: 0, y: 0)
        return FaceLandmarks(points: [r, l, o, o, o, o])
    }

    @Test func anUprightFaceIsCroppedBelowItsEyes() throws {
        let crop = try #require(AlignedFaceCrop.crop(landmarks(right: (40, 40), left: (60, 40)), in: ramp, border: 0, size: 64))
        // Centre (50, 40 + 0.45·20 = 49), side 52 px: output pixel (32, 32) samples about (49.9, 48.9).
        #expect(abs(Int(crop[32, 32]) - 99) <= 1)
        // Rightwards in the crop is rightwards in the image: x + y grows by 0.8125 per output pixel.
        #expect(crop[40, 32] > crop[24, 32])
    }

    @Test func aTurnedFaceIsRotatedUpright() throws {
        // Eyes one above the other: the face lies on its side, its "down" pointing to the image's left.
        let crop = try #require(AlignedFaceCrop.crop(landmarks(right: (50, 40), left: (50, 60)), in: ramp, border: 0, size: 64))
        // Crop x runs along the eye line (image +y); crop y runs to the face's down (image −x): x + y changes by +s, −s.
        #expect(crop[40, 32] > crop[24, 32])
        #expect(crop[32, 40] < crop[32, 24])
    }

    @Test func coincidingEyesGiveNoCrop() {
        #expect(AlignedFaceCrop.crop(landmarks(right: (50, 50), left: (50, 50)), in: ramp, border: 0, size: 64) == nil)
    }
}
