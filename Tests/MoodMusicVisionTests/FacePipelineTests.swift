import Foundation
import Testing

@testable import MoodMusicVision

@Suite(.enabled(if: BlazeFaceTestData.modelsArePresent, "BlazeFace models absent: run scripts/fetch-models"))
struct FacePipelineTests {
    /// messi5.jpg (548×342) decodes at 1/2 for the full-range model (274 ≥ 192); the boxes and landmarks must
    /// still land where a full-resolution detection puts them.
    @Test func scaledDecodeMapsFacesBackToFullResolution() throws {
        let bytes = try [UInt8](Data(contentsOf: BlazeFaceTestData.repository.appendingPathComponent("data/faces/messi5.jpg")))
        let (small, width, height) = try RGBImageDecoder().decodeScaled(bytes, minimumSide: 192)
        #expect(small.width == 274 && small.height == 171 && width == 548 && height == 342)
        let detector = try #require(BlazeFaceTestData.detectors[.fullRange])
        let full = detector.detect(try RGBImageDecoder().decode(bytes))
        let scaled = detector.detect(small).map { $0.scaled(x: 2, y: 2) }
        try #require(full.count == 1 && scaled.count == 1)
        let a = full[0], b = scaled[0]
        let iou = BlazeFaceTestData.intersectionOverUnion([a.xMin, a.yMin, a.xMax, a.yMax] + [Float](repeating: 0, count: 12),
                                                          [b.xMin, b.yMin, b.xMax, b.yMax] + [Float](repeating: 0, count: 12))
        #expect(iou >= 0.8, "IoU \(iou)")
        #expect(abs(a.landmarks.noseTip.x - b.landmarks.noseTip.x) < 4 && abs(a.landmarks.noseTip.y - b.landmarks.noseTip.y) < 4)
    }

    @Test func sideRangeAndThresholdFilterBlazeFaceFaces() throws {
        let model = try EmotionModel.load(path: try #require(EmotionModel.repositoryModelPath()))
        let haar = try HaarCascade.load(path: HaarCascade.defaultPath)
        let pipeline = FacePipeline(
            haarPipeline: EmotionPipeline(decoder: ImageDecoder(), detector: FaceDetector(cascade: haar), classifier: EmotionClassifier(model: model)),
            blazeFace: BlazeFaceTestData.detectors)
        let bytes = try [UInt8](Data(contentsOf: BlazeFaceTestData.repository.appendingPathComponent("data/faces/astronaut.png")))
        let found = try pipeline.analyze(bytes, options: PhotoAnalysisOptions(detector: .blazeFace(.fullRange)))
        let face = try #require(found.faces.first)
        #expect(found.faces.count == 1 && face.score != nil && face.landmarks != nil && face.probabilities.count == 7)
        let side = max(face.box.width, face.box.height)
        #expect(try pipeline.analyze(bytes, options: PhotoAnalysisOptions(detector: .blazeFace(.fullRange), sideRange: (side + 1)...Int.max)).faces.isEmpty)
        #expect(try pipeline.analyze(bytes, options: PhotoAnalysisOptions(detector: .blazeFace(.fullRange), scoreThreshold: 0.99)).faces.isEmpty)
        let aligned = try pipeline.analyze(bytes, options: PhotoAnalysisOptions(detector: .blazeFace(.fullRange), alignFaces: true))
        #expect(aligned.faces.count == 1 && aligned.faces[0].probabilities != face.probabilities)
        let haarFaces = try pipeline.analyze(bytes, options: PhotoAnalysisOptions(detector: .haar)).faces
        #expect(haarFaces.count == 1 && haarFaces[0].landmarks == nil && haarFaces[0].score == nil)
    }
}
