import Foundation
import Testing

@testable import MoodMusicVision

// MARK: - Fixtures and the model

/// Where the emotion fixtures (made by scripts/make-emotion-fixtures) and the model file are.
private enum EmotionTestData {
    static let fixtures = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/emotion")

    static let modelPath: String? = {
        if let path = ProcessInfo.processInfo.environment[EmotionModel.pathEnvironmentVariable] { return path }
        return EmotionModel.repositoryModelPath()
    }()

    static let modelIsPresent: Bool = {
        let present = modelPath.map { FileManager.default.fileExists(atPath: $0) } ?? false
        if !present { print("EmotionModelTests: model file absent (\(modelPath ?? "?")); run scripts/fetch-models. Skipping model tests.") }
        return present
    }()

    /// Loaded once for all tests that need it.
    static let model: EmotionModel? = modelPath.flatMap { try? EmotionModel.load(path: $0) }

    static func file(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(name))
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func probabilities(_ value: Any?) throws -> [[Float]] {
        let rows = try #require(value as? [[NSNumber]])
        return rows.map { $0.map(\.floatValue) }
    }

    static func parityRecords() throws -> [FER2013Record] {
        try FER2013Records.load(path: file("fer2013-publictest-first200.bin.gz"))
    }
}

private func maxAbsoluteDifference(_ a: [[Float]], _ b: [[Float]]) -> Float {
    precondition(a.count == b.count)
    return zip(a, b).map { rowA, rowB in
        precondition(rowA.count == rowB.count)
        return zip(rowA, rowB).map { abs($0 - $1) }.max() ?? 0
    }.max() ?? 0
}

// MARK: - Layers against hand-computed cases

@Suite struct EmotionLayerTests {
    /// 1…9 in a 3 × 3 single-channel image.
    let ramp = (1...9).map(Float.init)

    @Test func sameAndValidWindowGeometryFollowKeras() {
        // 'same': out = ceil(in/stride); odd padding goes after (bottom/right).
        #expect(WindowGeometry(input: 5, window: 3, stride: 1, padding: .same) == WindowGeometry(input: 5, window: 3, stride: 1, padding: .same))
        let threeByThree = WindowGeometry(input: 5, window: 3, stride: 1, padding: .same)
        #expect(threeByThree.output == 5 && threeByThree.padBefore == 1)
        let pool = WindowGeometry(input: 60, window: 3, stride: 2, padding: .same)
        #expect(pool.output == 30 && pool.padBefore == 0)  // total padding 1, all after
        let oddPool = WindowGeometry(input: 15, window: 3, stride: 2, padding: .same)
        #expect(oddPool.output == 8 && oddPool.padBefore == 1)  // total 2, split 1/1
        let strided = WindowGeometry(input: 15, window: 1, stride: 2, padding: .same)
        #expect(strided.output == 8 && strided.padBefore == 0)
        let evenKernel = WindowGeometry(input: 3, window: 2, stride: 1, padding: .same)
        #expect(evenKernel.output == 3 && evenKernel.padBefore == 0)  // total 1: nothing before
        let valid = WindowGeometry(input: 64, window: 3, stride: 1, padding: .valid)
        #expect(valid.output == 62 && valid.padBefore == 0)
        #expect(WindowGeometry(input: 7, window: 3, stride: 2, padding: .valid).output == 3)
    }

    @Test func convolutionSamePaddingSumsNeighbourhoods() {
        let conv = ConvolutionOperation(
            inputShape: FeatureShape(height: 3, width: 3, channels: 1), kernelSize: (3, 3), strides: (1, 1), padding: .same,
            filters: 1, kernel: [Float](repeating: 1, count: 9), bias: [0.5], activation: .none)
        #expect(conv.outputShape == FeatureShape(height: 3, width: 3, channels: 1))
        // Each output: sum of the 3 × 3 neighbourhood inside the image, plus the bias.
        #expect(run(conv, [ramp]) == [12, 21, 16, 27, 45, 33, 24, 39, 28].map { $0 + 0.5 })
    }

    @Test func convolutionEvenKernelPadsOnlyAfter() {
        let conv = ConvolutionOperation(
            inputShape: FeatureShape(height: 3, width: 3, channels: 1), kernelSize: (2, 2), strides: (1, 1), padding: .same,
            filters: 1, kernel: [1, 1, 1, 1], bias: [0], activation: .none)
        // Window at (oy, ox) covers rows oy…oy+1, columns ox…ox+1 (zero padding only at the bottom/right).
        #expect(run(conv, [ramp]) == [12, 16, 9, 24, 28, 15, 15, 17, 9])
    }

    @Test func convolutionValidStridedMultiChannelWithReLU() {
        // 2 input channels, 2 filters, 2 × 2 kernel, stride 2, valid: a 4 × 4 input gives 2 × 2.
        let input: [Float] = (0..<32).map { (index: Int) -> Float in
            index % 2 == 0 ? Float(index / 2) : -Float(index / 2)
        }  // channel 0: 0…15, channel 1: −(0…15)
        // kernel (kh, kw, cin, cout): filter 0 = sum of channel 0; filter 1 = sum of channel 1 plus 2·(top-left of channel 0)
        var kernel = [Float](repeating: 0, count: 2 * 2 * 2 * 2)
        for tap in 0..<4 {
            kernel[tap * 4 + 0 * 2 + 0] = 1
            kernel[tap * 4 + 1 * 2 + 1] = 1
        }
        kernel[0 * 4 + 0 * 2 + 1] = 2
        let conv = ConvolutionOperation(
            inputShape: FeatureShape(height: 4, width: 4, channels: 2), kernelSize: (2, 2), strides: (2, 2), padding: .valid,
            filters: 2, kernel: kernel, bias: [-10, 20], activation: .relu)
        // Window sums of channel 0: (0+1+4+5)=10, (2+3+6+7)=18, (8+9+12+13)=42, (10+11+14+15)=50.
        // Filter 1: 20 − window sum + 2·top-left: 20−10+0=10, 20−18+4=6, 20−42+16=−6→0, 20−50+20=−10→0.
        #expect(run(conv, [input]) == [0, 10, 8, 6, 32, 0, 40, 0])
    }

    @Test func depthwiseConvolutionKeepsChannelsApart() {
        // 3 × 3 × 2: channel 0 = 1…9, channel 1 = 10·(1…9); kernel channel 0 = centre tap 1; channel 1 = all ones.
        let input: [Float] = (0..<18).map { (index: Int) -> Float in
            index % 2 == 0 ? Float(index / 2 + 1) : Float(10 * (index / 2 + 1))
        }
        var kernel = [Float](repeating: 0, count: 18)
        for tap in 0..<9 { kernel[tap * 2 + 1] = 1 }
        kernel[4 * 2 + 0] = 1
        let depthwise = DepthwiseConvolutionOperation(
            inputShape: FeatureShape(height: 3, width: 3, channels: 2), kernelSize: (3, 3), strides: (1, 1), padding: .same, kernel: kernel)
        let output = run(depthwise, [input])
        #expect(stride(from: 0, to: 18, by: 2).map { output[$0] } == ramp)
        #expect(stride(from: 1, to: 18, by: 2).map { output[$0] } == [120, 210, 160, 270, 450, 330, 240, 390, 280])
    }

    @Test func depthwiseVectorAndScalarChannelPathsAgree() {
        // 11 channels: one SIMD8 block plus 3 scalar channels, against a direct computation.
        let shape = FeatureShape(height: 5, width: 4, channels: 11)
        let input = (0..<shape.count).map { Float(($0 * 37) % 23) - 11 }
        let kernel = (0..<(9 * 11)).map { Float(($0 * 13) % 7) - 3 }
        let depthwise = DepthwiseConvolutionOperation(inputShape: shape, kernelSize: (3, 3), strides: (2, 1), padding: .same, kernel: kernel)
        let output = run(depthwise, [input])
        let rows = WindowGeometry(input: 5, window: 3, stride: 2, padding: .same)
        var expected: [Float] = []
        for oy in 0..<rows.output {
            for ox in 0..<4 {
                for c in 0..<11 {
                    var sum: Float = 0
                    for ky in 0..<3 {
                        for kx in 0..<3 {
                            let y = rows.start(oy) + ky, x = ox - 1 + kx
                            if y >= 0 && y < 5 && x >= 0 && x < 4 { sum += input[(y * 4 + x) * 11 + c] * kernel[(ky * 3 + kx) * 11 + c] }
                        }
                    }
                    expected.append(sum)
                }
            }
        }
        #expect(output == expected)
    }

    @Test func maxPoolSamePaddingNeverTakesThePadding() {
        // 4 × 4 of −1…−16, pool 3 stride 2 'same': total padding 1, after only; windows rows/cols {0,1,2} and {2,3}.
        let input = (1...16).map { -Float($0) }
        let pool = MaxPoolOperation(inputShape: FeatureShape(height: 4, width: 4, channels: 1), poolSize: (3, 3), strides: (2, 2), padding: .same)
        #expect(pool.outputShape == FeatureShape(height: 2, width: 2, channels: 1))
        #expect(run(pool, [input]) == [-1, -3, -9, -11])  // zero padding would have given 0s
    }

    @Test func batchNormFoldingEqualsConvolutionThenAffine() {
        let shape = FeatureShape(height: 4, width: 5, channels: 3)
        let input = (0..<shape.count).map { sin(Float($0)) }
        let kernel = (0..<(9 * 3 * 10)).map { cos(Float($0) * 0.7) }
        let bias = (0..<10).map { Float($0) * 0.1 - 0.3 }
        let conv = ConvolutionOperation(
            inputShape: shape, kernelSize: (3, 3), strides: (1, 1), padding: .same, filters: 10, kernel: kernel, bias: bias, activation: .none)
        let scale = (0..<10).map { 0.5 + Float($0) * 0.2 }
        let shift = (0..<10).map { Float($0) * -0.15 }
        let affine = ChannelAffineOperation(outputShape: conv.outputShape, scale: scale, shift: shift, activation: .none)
        let separate = run(affine, [run(conv, [input])])
        let folded = run(conv.foldingAffine(scale: scale, shift: shift), [input])
        #expect(folded.count == separate.count)
        for (a, b) in zip(folded, separate) { #expect(abs(a - b) <= 1e-5 * max(1, abs(b))) }
    }

    @Test func matrixMultiplyMatchesNaiveForOddSizes() {
        for (m, k, n) in [(1, 1, 1), (5, 3, 7), (9, 17, 16), (4, 8, 13), (13, 72, 8)] {
            let a = (0..<(m * k)).map { Float(($0 * 7) % 11) - 5 }
            let b = (0..<(k * n)).map { Float(($0 * 5) % 9) - 4 }
            let bias = (0..<n).map { Float($0) - 3 }
            var c = [Float](repeating: .nan, count: m * n)
            a.withUnsafeBufferPointer { aBuffer in
                c.withUnsafeMutableBufferPointer { cBuffer in
                    multiply(aBuffer.baseAddress!, rows: m, rowStride: k, by: WeightMatrix(rows: k, columns: n, values: b, bias: bias), relu: true, into: cBuffer.baseAddress!)
                }
            }
            var expected = [Float](repeating: 0, count: m * n)
            for i in 0..<m {
                for j in 0..<n {
                    var sum = bias[j]
                    for p in 0..<k { sum += a[i * k + p] * b[p * n + j] }
                    expected[i * n + j] = max(sum, 0)
                }
            }
            #expect(c == expected, "m=\(m) k=\(k) n=\(n)")
        }
    }

    @Test func addGlobalAverageAndSoftmax() {
        let shape = FeatureShape(height: 2, width: 2, channels: 2)
        #expect(run(AddOperation(outputShape: shape, inputCount: 2), [[1, 2, 3, 4, 5, 6, 7, 8], [8, 7, 6, 5, 4, 3, 2, 1]]) == [Float](repeating: 9, count: 8))
        #expect(run(GlobalAveragePoolOperation(inputShape: shape), [[1, 10, 2, 20, 3, 30, 4, 40]]) == [2.5, 25])
        let softmax = run(SoftmaxOperation(outputShape: FeatureShape(height: 1, width: 1, channels: 3)), [[0, log(2), log(5)]])
        let expectedSoftmax: [Float] = [0.125, 0.25, 0.625]
        for (value, expected) in zip(softmax, expectedSoftmax) { #expect(abs(value - expected) < 1e-6) }
        #expect(run(ReLUOperation(outputShape: FeatureShape(height: 1, width: 1, channels: 3)), [[-1, 0, 2]]) == [0, 0, 2])
    }
}

// MARK: - Compiling Keras configs

@Suite struct EmotionNetworkBuilderTests {
    /// Input 3 × 3 × 1 → Conv2D 3 × 3 same (2 filters, no bias) → BatchNormalization → relu → [second branch: Conv 1 × 1]
    /// → Add → GlobalAveragePooling2D → softmax.
    static let config = """
        {"class_name": "Model", "config": {"name": "tiny", "layers": [
          {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, 3, 3, 1], "name": "in"}, "inbound_nodes": []},
          {"class_name": "Conv2D", "name": "conv", "config": {"filters": 2, "kernel_size": [3, 3], "strides": [1, 1], "padding": "same",
            "use_bias": false, "activation": "linear", "data_format": "channels_last", "dilation_rate": [1, 1]}, "inbound_nodes": [[["in", 0, 0, {}]]]},
          {"class_name": "BatchNormalization", "name": "bn", "config": {"axis": -1, "epsilon": 0.001, "center": true, "scale": true},
            "inbound_nodes": [[["conv", 0, 0, {}]]]},
          {"class_name": "Activation", "name": "act", "config": {"activation": "relu"}, "inbound_nodes": [[["bn", 0, 0, {}]]]},
          {"class_name": "Conv2D", "name": "side", "config": {"filters": 2, "kernel_size": [1, 1], "strides": [1, 1], "padding": "valid",
            "use_bias": true, "activation": "linear"}, "inbound_nodes": [[["in", 0, 0, {}]]]},
          {"class_name": "Add", "name": "add", "config": {}, "inbound_nodes": [[["act", 0, 0, {}], ["side", 0, 0, {}]]]},
          {"class_name": "GlobalAveragePooling2D", "name": "gap", "config": {}, "inbound_nodes": [[["add", 0, 0, {}]]]},
          {"class_name": "Activation", "name": "out", "config": {"activation": "softmax"}, "inbound_nodes": [[["gap", 0, 0, {}]]]}
        ], "input_layers": [["in", 0, 0]], "output_layers": [["out", 0, 0]]}}
        """

    static func weights() -> [String: [String: WeightTensor]] {
        var kernel = [Float](repeating: 0, count: 18)
        kernel[4 * 2 + 0] = 1  // filter 0: centre pixel
        for tap in 0..<9 { kernel[tap * 2 + 1] = -1 }  // filter 1: −(neighbourhood sum)
        return [
            "conv": ["kernel": WeightTensor(shape: [3, 3, 1, 2], values: kernel)],
            "bn": [
                "gamma": WeightTensor(shape: [2], values: [2, 1]), "beta": WeightTensor(shape: [2], values: [1, 100]),
                "moving_mean": WeightTensor(shape: [2], values: [5, 0]), "moving_variance": WeightTensor(shape: [2], values: [4 - 0.001, 1 - 0.001]),
            ],
            "side": ["kernel": WeightTensor(shape: [1, 1, 1, 2], values: [1, 0]), "bias": WeightTensor(shape: [2], values: [0, 1])],
        ]
    }

    @Test func compilesFoldsAndComputesTheGraph() throws {
        let network = try NetworkBuilder.build(config: KerasModelConfig(json: Self.config), weights: Self.weights())
        // conv+bn+relu fold into one step; then side conv, add, gap, softmax.
        #expect(network.steps.count == 5)
        let model = EmotionModel(network: network)
        #expect(model.inputCount == 9 && model.outputCount == 2)
        let output = model.predict(batch: [(1...9).map(Float.init)])[0]
        // Hand computation. bn: channel 0 = (x − 5)·2/2 + 1 = x − 4; channel 1 = x + 100.
        // act (relu): channel 0 = max(pixel − 4, 0), mean over 1…9 = (1+2+3+4+5)/9 = 15/9;
        // channel 1 = max(100 − neighbourhood sum, 0) = 100 − (12+21+16+27+45+33+24+39+28)/9 on average = 100 − 245/9.
        // side: channel 0 = pixel (mean 5), channel 1 = 1.
        let logits: [Float] = [15.0 / 9 + 5, 100 - 245.0 / 9 + 1]
        let largest = logits.max()!
        let exps = logits.map { exp($0 - largest) }
        let expected = exps.map { $0 / exps.reduce(0, +) }
        #expect(abs(output[0] - expected[0]) < 1e-6 && abs(output[1] - expected[1]) < 1e-6)
    }

    @Test func unknownLayerTypeIsAClearError() throws {
        let config = Self.config.replacingOccurrences(of: "\"GlobalAveragePooling2D\"", with: "\"Dense\"")
        #expect(throws: EmotionModelError.unsupportedLayer(className: "Dense", name: "gap")) {
            try NetworkBuilder.build(config: KerasModelConfig(json: config), weights: Self.weights())
        }
    }

    @Test func misShapedWeightsAreAClearError() throws {
        var weights = Self.weights()
        weights["side"]?["kernel"] = WeightTensor(shape: [1, 1, 2, 2], values: [1, 0, 0, 1])
        #expect(throws: EmotionModelError.invalidWeights(layer: "side", detail: "'kernel' has shape [1, 1, 2, 2], expected [1, 1, 1, 2]")) {
            try NetworkBuilder.build(config: KerasModelConfig(json: Self.config), weights: weights)
        }
    }
}

// MARK: - Loading errors

@Suite struct EmotionModelLoadingTests {
    @Test func missingFileIsAClearError() {
        let path = "/nonexistent/emotion_model.hdf5"
        #expect(throws: EmotionModelError.fileNotFound(path: path)) { try EmotionModel.load(path: path) }
    }

    @Test func corruptFileIsAClearError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("corrupt-\(UUID().uuidString).hdf5").path
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: EmotionModelError.unreadableHDF5(path: path, detail: "not an HDF5 file")) { try EmotionModel.load(path: path) }
    }

    @Test func defaultPathHonoursTheEnvironment() {
        #expect(EmotionModel.defaultPath(environment: ["MOODMUSIC_MODEL": "/x/m.hdf5"]) == "/x/m.hdf5")
        #expect(EmotionModel.defaultPath(environment: [:]) == "models/emotion_model.hdf5")
    }
}

// MARK: - Preprocessing (bit-exact against OpenCV and fer)

@Suite struct EmotionPreprocessingTests {
    @Test func resizeMatchesOpenCVBitForBit() throws {
        let records = try EmotionTestData.parityRecords()
        let cases = try #require(try EmotionTestData.json("opencv-resize-cases.json")["cases"] as? [[String: Any]])
        let expected = try FER2013Records.readMaybeGzipped(path: EmotionTestData.file("opencv-resize-outputs.bin.gz"))
        #expect(expected.count == cases.count * 4096)
        for (index, entry) in cases.enumerated() {
            let x = try #require(entry["x"] as? Int), y = try #require(entry["y"] as? Int)
            let width = try #require(entry["width"] as? Int), height = try #require(entry["height"] as? Int)
            let source: GrayImage
            if entry["mosaic3x3"] as? Bool == true {
                source = mosaic(records.prefix(9).map(\.image))
            } else {
                source = records[try #require(entry["image"] as? Int)].image
            }
            var crop: [UInt8] = []
            for row in y..<(y + height) { crop += source.pixels[(row * source.width + x)..<(row * source.width + x + width)] }
            let resized = FerFacePreprocessing.resized(GrayImage(width: width, height: height, pixels: crop), width: 64, height: 64)
            #expect(resized.pixels == Array(expected[(index * 4096)..<((index + 1) * 4096)]), "case \(index): \(width)×\(height)")
        }
    }

    private func mosaic(_ tiles: [GrayImage]) -> GrayImage {
        var pixels = [UInt8](repeating: 0, count: 144 * 144)
        for (index, tile) in tiles.enumerated() {
            for row in 0..<48 {
                let destination = ((index / 3) * 48 + row) * 144 + (index % 3) * 48
                pixels.replaceSubrange(destination..<(destination + 48), with: tile.pixels[(row * 48)..<(row * 48 + 48)])
            }
        }
        return GrayImage(width: 144, height: 144, pixels: pixels)
    }

    @Test func cropGeometryFollowsFer() {
        // tosquare grows the shorter side around the centre (Python floor division), then ±10 px and +40 padding.
        #expect(FerFacePreprocessing.crop(for: FaceBox(x: -5, y: 30, width: 20, height: 50), imageWidth: 200, imageHeight: 150)
            == .init(x1: 10, y1: 60, x2: 80, y2: 130))
        // Past the right/bottom edge, the ends clamp to the padded size (NumPy slicing).
        #expect(FerFacePreprocessing.crop(for: FaceBox(x: 180, y: 130, width: 60, height: 60), imageWidth: 200, imageHeight: 150)
            == .init(x1: 210, y1: 160, x2: 280, y2: 230))
        // Far outside: empty (fer skips the face).
        #expect(FerFacePreprocessing.crop(for: FaceBox(x: 400, y: 10, width: 20, height: 20), imageWidth: 200, imageHeight: 150).isEmpty)
    }

    @Test func borderValueIsTheRoundedMeanOfTheBottomTwoRows() {
        #expect(FerFacePreprocessing.borderValue(of: GrayImage(width: 2, height: 3, pixels: [255, 255, 100, 101, 101, 102])) == 101)  // 101.0
        #expect(FerFacePreprocessing.borderValue(of: GrayImage(width: 1, height: 2, pixels: [100, 101])) == 100)  // 100.5 → even
        #expect(FerFacePreprocessing.borderValue(of: GrayImage(width: 1, height: 2, pixels: [101, 102])) == 102)  // 101.5 → even
    }

    @Test func faceCropsMatchFerBitForBit() throws {
        let fixture = try EmotionTestData.json("fer-pipeline.json")
        let scene = try sceneImage(fixture)
        let boxes = try #require(fixture["boxes"] as? [[Int]]).map { FaceBox(x: $0[0], y: $0[1], width: $0[2], height: $0[3]) }
        let faces = try #require(fixture["faces64"] as? [String])
        #expect(faces.count == boxes.count)
        let border = FerFacePreprocessing.borderValue(of: scene)
        for (box, hex) in zip(boxes, faces) {
            let face = try #require(FerFacePreprocessing.face(for: box, in: scene, border: border, width: 64, height: 64))
            #expect(face.pixels == bytes(hex: hex), "box \(box)")
        }
    }

    func sceneImage(_ fixture: [String: Any]) throws -> GrayImage {
        let width = try #require(fixture["width"] as? Int), height = try #require(fixture["height"] as? Int)
        return GrayImage(width: width, height: height, pixels: try FER2013Records.readMaybeGzipped(path: EmotionTestData.file("fer-pipeline-scene.bin.gz")))
    }

    private func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<($0 + 2)], as: UTF8.self), radix: 16)! }
    }
}

// MARK: - The real model against Keras

@Suite(.enabled(if: EmotionTestData.modelIsPresent, "model file absent: run scripts/fetch-models"))
struct EmotionModelParityTests {
    @Test func loadsFerMiniXception() throws {
        let path = try #require(EmotionTestData.modelPath)
        let file = try KerasModelFile.read(path: path)
        #expect(file.weights.values.flatMap(\.values).map(\.values.count).reduce(0, +) == 58_423)
        let model = try #require(EmotionTestData.model)
        #expect(model.inputWidth == 64 && model.inputHeight == 64 && model.inputChannels == 1 && model.outputCount == 7)
    }

    @Test func probabilitiesMatchKerasOn200FER2013Images() throws {
        let model = try #require(EmotionTestData.model)
        let fixture = try EmotionTestData.json("keras-probabilities.json")
        let expected = try EmotionTestData.probabilities(fixture["probabilities"])
        let records = try EmotionTestData.parityRecords()
        #expect(records.count == 200 && expected.count == 200)
        #expect(try #require(fixture["labels"] as? [Int]) == records.map(\.label.rawValue))
        let probabilities = EmotionClassifier(model: model).classify(croppedFaces: records.map(\.image))
        let difference = maxAbsoluteDifference(probabilities, expected)
        print("EmotionModelParityTests: max |p − p_keras| over 200 FER2013 images = \(difference)")
        #expect(difference <= 1e-4)
    }

    @Test func ferPipelineMatchesKeras() throws {
        let model = try #require(EmotionTestData.model)
        let fixture = try EmotionTestData.json("fer-pipeline.json")
        let scene = try EmotionPreprocessingTests().sceneImage(fixture)
        let boxes = try #require(fixture["boxes"] as? [[Int]]).map { FaceBox(x: $0[0], y: $0[1], width: $0[2], height: $0[3]) }
        let expected = try EmotionTestData.probabilities(fixture["probabilities"])
        let probabilities = EmotionClassifier(model: model).classify(faces: boxes, in: scene)
        #expect(maxAbsoluteDifference(probabilities, expected) <= 1e-4)
    }

    @Test func batchGivesTheSameResultsAsSingleImages() throws {
        let model = try #require(EmotionTestData.model)
        let inputs = try EmotionTestData.parityRecords().prefix(19).map {
            FerFacePreprocessing.scaled(FerFacePreprocessing.resized($0.image, width: 64, height: 64))
        }
        let batched = model.predict(batch: Array(inputs))  // one chunk of 16 and one of 3
        let single = inputs.map { model.predict(batch: [$0])[0] }
        // Not bit-identical: OpenBLAS blocks a GEMM differently for different row counts, so sums may round
        // differently in the last bit. Anything beyond float32 rounding noise would be a real batching bug.
        let difference = maxAbsoluteDifference(batched, single)
        print("EmotionModelParityTests: max |batched − single| = \(difference)")
        #expect(difference <= 1e-6)
    }
}
