import Foundation
import Testing

@testable import MoodMusicVision

/// The shipped moodnet (models/moodnet.onnx) through our runtime against onnxruntime on the first 200
/// PublicTest faces (fixture from scripts/make-onnx-fixtures). Skipped, saying so, while no model is shipped.
@Suite struct ShippedModelParityTests {
    static let modelPath = FixturePaths.repositoryRoot.appendingPathComponent("models/moodnet.onnx").path
    static let fixturePath = ONNXParityTests.fixtures.appendingPathComponent("moodnet-first200.json").path

    struct Fixture: Decodable {
        let sha256: String
        let output: [Float]
    }

    @Test func moodnetMatchesOnnxRuntimeOnPublicTestFaces() throws {
        guard FileManager.default.fileExists(atPath: Self.modelPath) else {
            print("ShippedModelParityTests: models/moodnet.onnx absent; nothing to compare")
            return
        }
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: URL(fileURLWithPath: Self.fixturePath)))
        let model = try EmotionModel.loadONNX(path: Self.modelPath, expectedSHA256: fixture.sha256)
        if let shipped = EmotionModelName.moodnetSHA256 { #expect(shipped == fixture.sha256, "the fixture was made from another moodnet.onnx") }
        let records = try FER2013Records.load(path: FixturePaths.repositoryRoot
            .appendingPathComponent("Tests/MoodMusicVisionTests/Fixtures/emotion/fer2013-publictest-first200.bin.gz").path)
        let probabilities = EmotionClassifier(model: model).classify(croppedFaces: records.map(\.image)).flatMap { $0 }
        try #require(probabilities.count == fixture.output.count)
        let worst = zip(probabilities, fixture.output).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 1e-4, "largest difference from onnxruntime \(worst)")
    }
}
