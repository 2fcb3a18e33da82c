import MoodMusicDigest
import Foundation
import MoodMusicONNXProtos
import Testing

@testable import MoodMusicVision

/// Files and graphs the loader must refuse with a clear error, never a crash.
@Suite struct ONNXLoadErrorTests {
    /// x [N, 1, 6, 6] → Conv(weights [2, 1, 3, 3], `attributes`) → GlobalAveragePool → Flatten → y.
    static func convModel(_ attributes: [Onnx_AttributeProto], weights: [Float] = .init(repeating: 0.5, count: 18)) -> Onnx_ModelProto {
        var w = Onnx_TensorProto()
        w.name = "w"
        w.dataType = 1
        w.dims = [2, 1, 3, 3]
        w.floatData = weights
        func node(_ op: String, _ inputs: [String], _ output: String) -> Onnx_NodeProto {
            var node = Onnx_NodeProto()
            node.opType = op
            node.name = output
            node.input = inputs
            node.output = [output]
            return node
        }
        var conv = node("Conv", ["x", "w"], "c")
        conv.attribute = attributes
        var input = Onnx_ValueInfoProto()
        input.name = "x"
        input.type.tensorType.elemType = 1
        input.type.tensorType.shape.dim = ([1, 1, 6, 6] as [Int64]).map { var d = Onnx_TensorShapeProto.Dimension(); d.dimValue = $0; return d }
        var output = Onnx_ValueInfoProto()
        output.name = "y"
        var model = Onnx_ModelProto()
        var opset = Onnx_OperatorSetIdProto()
        opset.version = 17
        model.opsetImport = [opset]
        model.graph.node = [conv, node("GlobalAveragePool", ["c"], "g"), node("Flatten", ["g"], "y")]
        model.graph.initializer = [w]
        model.graph.input = [input]
        model.graph.output = [output]
        return model
    }

    static func attribute(_ name: String, ints: [Int64]) -> Onnx_AttributeProto {
        var attribute = Onnx_AttributeProto()
        attribute.name = name
        attribute.type = .ints
        attribute.ints = ints
        return attribute
    }

    static func load(_ model: Onnx_ModelProto) throws -> EmotionModel {
        try EmotionModel.loadONNX(serialized: try model.serializedData())
    }

    @Test func aPlainModelLoadsAndRuns() throws {
        let model = try Self.load(Self.convModel([]))
        // Every 3×3 window of ones sums to 4.5; the mean over the 4×4 output is 4.5.
        let output = model.predict(batch: [[Float](repeating: 1, count: 36)])
        #expect(output == [[4.5, 4.5]])
    }

    @Test func dilationIsAnUnsupportedUsageNamingTheNode() {
        #expect(throws: ONNXModelError.unsupportedUsage(node: "c", operator: "Conv", detail: "dilations [2, 2]; only 1 is supported")) {
            try Self.load(Self.convModel([Self.attribute("dilations", ints: [2, 2])]))
        }
    }

    @Test func aWindowLargerThanThePaddedInputIsRefused() {
        var model = Self.convModel([])
        model.graph.initializer[0].dims = [2, 1, 9, 9]
        model.graph.initializer[0].floatData = .init(repeating: 1, count: 162)
        #expect(throws: ONNXModelError.self) { try Self.load(model) }
    }

    @Test func mismatchedWeightCountIsInvalid() {
        #expect(throws: ONNXModelError.invalidGraph("tensor 'w' holds 5 values for shape [2, 1, 3, 3]")) {
            try Self.load(Self.convModel([], weights: [1, 2, 3, 4, 5]))
        }
    }

    @Test func hugeAttributeValuesAreRefusedNotTrusted() {
        #expect(throws: ONNXModelError.self) { try Self.load(Self.convModel([Self.attribute("pads", ints: [Int64.max, 0, 0, 0])])) }
        #expect(throws: ONNXModelError.self) { try Self.load(Self.convModel([Self.attribute("strides", ints: [0, 1])])) }
    }

    @Test func garbageAndMissingFilesAreClearErrors() throws {
        #expect(throws: ONNXModelError.fileNotFound(path: "/nonexistent/model.onnx")) { try EmotionModel.loadONNX(path: "/nonexistent/model.onnx") }
        let garbage = Data((0..<64).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })
        #expect(throws: ONNXModelError.self) { try EmotionModel.loadONNX(serialized: garbage) }
        #expect(throws: ONNXModelError.invalidGraph("the model has no graph")) { try EmotionModel.loadONNX(serialized: Data()) }
    }

    @Test func aWrongChecksumIsRefused() throws {
        let path = ONNXParityTests.fixtures.appendingPathComponent("opset11_attributes.onnx").path
        let actual = SHA256.hex(of: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        _ = try EmotionModel.loadONNX(path: path, expectedSHA256: actual)
        let wrong = String(repeating: "0", count: 64)
        #expect(throws: ONNXModelError.checksumMismatch(path: path, expected: wrong, actual: actual)) {
            try EmotionModel.loadONNX(path: path, expectedSHA256: wrong)
        }
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex(of: [UInt8](Data())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: [UInt8](Data("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(of: [UInt8](long)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(of: [UInt8](Data(repeating: 0x61, count: 1000))) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    /// Sources/MoodMusicONNXProtos was generated from the onnx.proto whose sha256 scripts/gen-protos pins.
    @Test func generatedCodeMatchesThePinnedSchema() throws {
        let script = try String(contentsOf: FixturePaths.repositoryRoot.appendingPathComponent("scripts/gen-protos"), encoding: .utf8)
        let pinned = try #require(script.split(separator: "\n").first { $0.hasPrefix("onnx_proto_sha256=") }?.dropFirst("onnx_proto_sha256=".count))
        let generated = try String(contentsOf: FixturePaths.repositoryRoot.appendingPathComponent("Sources/MoodMusicONNXProtos/onnx.pb.swift"), encoding: .utf8)
        #expect(generated.prefix { $0 != "\n" }.contains("moodmusic-proto-sha256: \(pinned) "))
    }
}
