import Testing
@testable import MoodMusicVision

@Suite("Image decoding")
struct ImageDecodingTests {
    let decoder = ImageDecoder()

    @Test("RGB to gray matches cv2.cvtColor exactly")
    func grayWeights() {
        // Expected values are cv2.cvtColor(..., COLOR_RGB2GRAY) on the same pixels.
        let cases: [((UInt8, UInt8, UInt8), UInt8)] = [
            ((255, 0, 0), 76), ((0, 255, 0), 150), ((0, 0, 255), 29), ((255, 255, 255), 255),
            ((1, 2, 3), 2), ((100, 150, 200), 141), ((13, 200, 77), 130), ((254, 1, 128), 91),
            ((0, 0, 0), 0), ((128, 128, 127), 128),
            // Pixels where the 14-bit weights (4899, 9617, 1868) would be off by one.
            ((138, 167, 72), 148), ((48, 17, 212), 48), ((230, 156, 247), 188), ((21, 13, 242), 41),
        ]
        for ((r, g, b), expected) in cases {
            #expect(GrayConversion.luma(red: r, green: g, blue: b) == expected, "RGB(\(r), \(g), \(b))")
        }
    }

    @Test("PNG colour types and bit depths decode like cv2.imread + cvtColor",
          arguments: ["gray", "gray-alpha", "gray-1bit", "gray16", "rgb", "rgba", "rgb16", "palette", "palette-alpha"])
    func pngVariant(kind: String) throws {
        let image = try decoder.decodeGray(FixturePaths.face("png-\(kind).png"))
        let expected = try FixturePaths.face("png-\(kind).gray")
        #expect(image.width == 64 && image.height == 48)
        #expect(image.pixels == expected)
    }

    @Test("JPEG EXIF orientations decode like cv2.imread", arguments: 1...8)
    func jpegOrientationMatchesOpenCV(orientation: Int) throws {
        let image = try decoder.decodeGray(FixturePaths.face("orient-\(orientation).jpg"))
        let expected = try FixturePaths.face("orient-\(orientation).gray")
        let swapped = orientation >= 5
        #expect(image.width == (swapped ? 24 : 40) && image.height == (swapped ? 40 : 24))
        #expect(image.pixels == expected)
    }

    @Test("each orientation is the documented flip/rotation of the stored pixels", arguments: 2...8)
    func orientationGeometry(orientation: Int) throws {
        let stored = try decoder.decodeGray(FixturePaths.face("orient-1.jpg"))
        let upright = try decoder.decodeGray(FixturePaths.face("orient-\(orientation).jpg"))
        // Built from the three primitive flips, independently of GrayImage.applying(_:).
        let expected: GrayImage
        switch orientation {
        case 2: expected = flipH(stored)
        case 3: expected = flipV(flipH(stored))
        case 4: expected = flipV(stored)
        case 5: expected = transpose(stored)
        case 6: expected = flipH(transpose(stored))
        case 7: expected = flipV(flipH(transpose(stored)))
        default: expected = flipV(transpose(stored))
        }
        #expect(upright == expected)
    }

    @Test("EXIF reader handles little-endian TIFF and ignores malformed APP1")
    func exifReader() {
        let tiffLE: [UInt8] = [0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        let payload: [UInt8] = Array("Exif".utf8) + [0, 0] + tiffLE
        let app1: [UInt8] = [0xFF, 0xE1, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
        let jpeg: [UInt8] = [0xFF, 0xD8] + app1 + [0xFF, 0xDA, 0, 2, 0xFF, 0xD9]
        #expect(JPEGExifReader.orientation(in: jpeg) == .right)

        var wrongLength = jpeg
        wrongLength[5] = 0xF0   // segment runs past the end
        #expect(JPEGExifReader.orientation(in: wrongLength) == nil)
        var badValue = jpeg
        badValue[2 + 4 + 6 + 18] = 9   // orientation 9 does not exist
        #expect(JPEGExifReader.orientation(in: badValue) == nil)
    }

    @Test("empty, unknown and oversized inputs are refused with the matching error")
    func refusals() throws {
        #expect(throws: ImageDecodingError.empty) { try decoder.decodeGray([]) }
        #expect(throws: ImageDecodingError.unsupportedFormat) { try decoder.decodeGray(Array("GIF89a........".utf8)) }
        #expect(throws: ImageDecodingError.unsupportedFormat) { try decoder.decodeGray([0xFF, 0xD8]) }
        #expect(throws: ImageDecodingError.tooLarge(pixels: 2_500_000_000, limit: 40_000_000)) {
            try decoder.decodeGray(FixturePaths.face("huge-header.jpg"))
        }
        let astronaut = try FixturePaths.bytes("data/faces/astronaut.png")
        let messi = try FixturePaths.bytes("data/faces/messi5.jpg")
        #expect(throws: ImageDecodingError.tooLarge(pixels: 512 * 512, limit: 1000)) {
            try ImageDecoder(maxPixels: 1000).decodeGray(astronaut)
        }
        #expect(throws: ImageDecodingError.tooLarge(pixels: 548 * 342, limit: 548 * 342 - 1)) {
            try ImageDecoder(maxPixels: 548 * 342 - 1).decodeGray(messi)
        }
        #expect(throws: ImageDecodingError.zeroSize) { try ImageLimits.checkedPixelCount(width: 0, height: 5, maxPixels: 10) }
        #expect(ImageDecodingError.tooLarge(pixels: 9, limit: 4).description.contains("limit of 4"))
    }

    @Test("every truncated JPEG is reported as corrupt")
    func truncatedJPEG() throws {
        let messi = try FixturePaths.bytes("data/faces/messi5.jpg")
        for length in stride(from: 3, to: messi.count, by: max(messi.count / 97, 1)) + [messi.count - 2, messi.count - 1] {
            #expect(isCorrupt { try decoder.decodeGray(Array(messi[0..<length])) }, "prefix of \(length) bytes")
        }
    }

    @Test("damaged PNG and JPEG data never trap and fail as corrupt")
    func damagedData() throws {
        let astronaut = try FixturePaths.bytes("data/faces/astronaut.png")
        for length in stride(from: 8, to: astronaut.count - 12, by: astronaut.count / 61) {
            #expect(isCorrupt { try decoder.decodeGray(Array(astronaut[0..<length])) }, "PNG prefix of \(length) bytes")
        }
        var flipped = astronaut
        for index in stride(from: 100, to: flipped.count, by: 997) { flipped[index] ^= 0x5A }
        #expect(isCorrupt { try decoder.decodeGray(flipped) })
        let garbageJPEG: [UInt8] = [0xFF, 0xD8, 0xFF] + (0..<400).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        #expect(isCorrupt { try decoder.decodeGray(garbageJPEG) })
        let pngSignatureOnly: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        #expect(isCorrupt { try decoder.decodeGray(pngSignatureOnly) })
    }

    @Test("photos decode with their real sizes")
    func photos() throws {
        let astronaut = try decoder.decodeGray(FixturePaths.bytes("data/faces/astronaut.png"))
        #expect(astronaut.width == 512 && astronaut.height == 512)
        let messi = try decoder.decodeGray(FixturePaths.bytes("data/faces/messi5.jpg"))
        #expect(messi.width == 548 && messi.height == 342)
    }

    // MARK: helpers

    private func isCorrupt(_ body: () throws -> GrayImage) -> Bool {
        do {
            _ = try body()
            return false
        } catch ImageDecodingError.corrupt {
            return true
        } catch {
            return false
        }
    }

    private func flipH(_ image: GrayImage) -> GrayImage {
        remap(image, width: image.width, height: image.height) { x, y in (image.width - 1 - x, y) }
    }

    private func flipV(_ image: GrayImage) -> GrayImage {
        remap(image, width: image.width, height: image.height) { x, y in (x, image.height - 1 - y) }
    }

    private func transpose(_ image: GrayImage) -> GrayImage {
        remap(image, width: image.height, height: image.width) { x, y in (y, x) }
    }

    private func remap(_ image: GrayImage, width: Int, height: Int, source: (Int, Int) -> (Int, Int)) -> GrayImage {
        var pixels: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                let (sx, sy) = source(x, y)
                pixels.append(image[sx, sy])
            }
        }
        return GrayImage(width: width, height: height, pixels: pixels)
    }
}
