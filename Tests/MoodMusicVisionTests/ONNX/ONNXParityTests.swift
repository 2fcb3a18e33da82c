import Foundation
import MoodMusicONNXProtos
import Testing

@testable import MoodMusicVision

/// Our ONNX runtime against onnxruntime 1.32 (CPU) on the graphs scripts/make-onnx-fixtures builds with
/// onnx.helper and random weights: the same input batch must give the same output to 1e-4.
@Suite struct ONNXParityTests {
    static let fixtures = FixturePaths.repositoryRoot.appendingPathComponent("Tests/MoodMusicVisionTests/Fixtures/onnx")

    struct Case: Decodable {
        let input_shape: [Int]
        let input: [Float]
        let output_shape: [Int]
        let output: [Float]
    }

    static func load(_ name: String) throws -> (EmotionModel, Case) {
        let model = try EmotionModel.loadONNX(path: fixtures.appendingPathComponent("\(name).onnx").path)
        let data = try Data(contentsOf: fixtures.appendingPathComponent("\(name).json"))
        return (model, try JSONDecoder().decode(Case.self, from: data))
    }

    /// The fixture's NCHW batch as one HWC array per image, the layout `EmotionModel.predict` takes.
    static func imagesNHWC(_ fixture: Case) -> [[Float]] {
        let (n, c, h, w) = (fixture.input_shape[0], fixture.input_shape[1], fixture.input_shape[2], fixture.input_shape[3])
        return (0..<n).map { image in
            var hwc = [Float](repeating: 0, count: c * h * w)
            for channel in 0..<c {
                for pixel in 0..<(h * w) { hwc[pixel * c + channel] = fixture.input[(image * c + channel) * h * w + pixel] }
            }
            return hwc
        }
    }

    @Test(arguments: ["conv_pool_gemm", "grouped_residual", "shape_reshape_arithmetic", "fp16_same_padding", "opset11_attributes"])
    func matchesOnnxRuntime(_ name: String) throws {
        let (model, fixture) = try Self.load(name)
        #expect(model.inputChannels == fixture.input_shape[1])
        #expect(model.inputHeight == fixture.input_shape[2] && model.inputWidth == fixture.input_shape[3])
        #expect(model.outputCount == fixture.output_shape[1])
        let outputs = model.predict(batch: Self.imagesNHWC(fixture)).flatMap { $0 }
        try #require(outputs.count == fixture.output.count)
        let worst = zip(outputs, fixture.output).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 1e-4, "\(name): largest difference from onnxruntime \(worst)")
    }

    @Test func batchNormalizationAndActivationsAreFoldedAtLoad() throws {
        let (model, _) = try Self.load("conv_pool_gemm")
        // conv1(+bn1+relu1), pool1, conv2(+relu6), gap, fc, softmax; Flatten of a 1×1 map is free.
        #expect(model.network.steps.count == 6)
        let conv = try #require(model.network.steps.first?.operation as? ONNXConvolutionOperation)
        #expect(conv.activation == .relu)
        let conv2 = try #require(model.network.steps[2].operation as? ONNXConvolutionOperation)
        #expect(conv2.activation == .clip(lower: 0, upper: 6))
    }

    @Test func depthwiseConvolutionTakesTheDirectPath() throws {
        let (model, _) = try Self.load("grouped_residual")
        #expect(model.network.steps.contains { $0.operation is ONNXDepthwiseConvolutionOperation })
        #expect(model.network.steps.contains { ($0.operation as? ONNXConvolutionOperation)?.groups == 2 })
    }

    @Test func unsupportedOperatorsAreNamedAtLoad() throws {
        let path = Self.fixtures.appendingPathComponent("unsupported.onnx").path
        #expect(throws: ONNXModelError.unsupportedOperators([
            .init(domain: "", opType: "LeakyRelu", node: "leaky"), .init(domain: "", opType: "Sigmoid", node: "gate"),
        ])) { try EmotionModel.loadONNX(path: path) }
        do {
            _ = try EmotionModel.loadONNX(path: path)
        } catch {
            #expect(error.description == "unsupported ONNX operators: LeakyRelu (node 'leaky'), Sigmoid (node 'gate')")
        }
    }

    @Test func loadingThroughTheGenericEntryPointPicksONNXByName() throws {
        let model = try EmotionModel.load(path: Self.fixtures.appendingPathComponent("opset11_attributes.onnx").path)
        #expect(model.outputCount == 7)
    }
}
