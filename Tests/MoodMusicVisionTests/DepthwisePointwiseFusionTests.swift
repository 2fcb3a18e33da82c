import Foundation
import CVisionKernels
import Testing

@testable import MoodMusicVision

/// A depthwise convolution run row by row into its 1×1 reader gives exactly the floats of the two steps run one after
/// the other, and the network folds only the pairs where nothing else reads the depthwise output.
struct DepthwisePointwiseFusionTests {
    private func depthwise(_ shape: FeatureShape, stride: Int, padding: KerasPadding, relu: Bool) -> DepthwiseConvolutionOperation {
        DepthwiseConvolutionOperation(
            inputShape: shape, kernelSize: (3, 3), strides: (stride, stride), padding: padding,
            kernel: (0..<(9 * shape.channels)).map { sin(Float($0) * 0.37) }, bias: (0..<shape.channels).map { Float($0) * 0.01 - 0.1 },
            activation: relu ? .relu : .none)
    }

    private func pointwise(_ shape: FeatureShape, filters: Int) -> ConvolutionOperation {
        ConvolutionOperation(
            inputShape: shape, kernelSize: (1, 1), strides: (1, 1), padding: .valid, filters: filters,
            kernel: (0..<(shape.channels * filters)).map { cos(Float($0) * 0.23) }, bias: (0..<filters).map { Float($0) * 0.02 - 0.3 },
            activation: .none, mayReorderSums: true)
    }

    @Test func rowByRowEqualsTheTwoStepsExactly() throws {
        try #require(mmv_has_avx2_fma() != 0, "the packed 1×1 kernel needs AVX2 and FMA")
        // Interior and border rows, stride 1 and 2, 'same' and 'valid', channels not a multiple of 8, a residual as
        // wide as the output and a narrower one, two images.
        let cases: [(h: Int, w: Int, c: Int, s: Int, padding: KerasPadding, filters: Int, residual: Int?)] = [
            (9, 11, 8, 1, .same, 16, nil), (9, 11, 32, 1, .same, 8, 8), (10, 7, 12, 2, .same, 24, 16),
            (8, 8, 5, 1, .valid, 12, nil), (6, 13, 16, 1, .same, 48, 48),
        ]
        for item in cases {
            let shape = FeatureShape(height: item.h, width: item.w, channels: item.c)
            let input = (0..<(2 * shape.count)).map { sin(Float($0) * 0.11) }
            for relu in [false, true] {
                let first = depthwise(shape, stride: item.s, padding: item.padding, relu: relu)
                var second = pointwise(first.outputShape, filters: item.filters)
                var expected = run(second, [run(first, [input], batch: 2)], batch: 2)
                var extra: [[Float]] = []
                if let channels = item.residual {
                    let shortcut = (0..<(2 * first.outputShape.height * first.outputShape.width * channels)).map { cos(Float($0) * 0.7) }
                    second = second.addingResidual(channels: channels, activation: .relu)
                    expected = run(second, [run(first, [input], batch: 2), shortcut], batch: 2)
                    extra = [shortcut]
                }
                let fused = DepthwisePointwiseOperation(depthwise: first, pointwise: second)
                #expect(run(fused, [input] + extra, batch: 2) == expected, "\(item), relu \(relu)")
            }
        }
    }

    @Test func onlyADepthwiseOutputReadByOneOneByOneConvolutionIsFolded() throws {
        try #require(mmv_has_avx2_fma() != 0, "the packed 1×1 kernel needs AVX2 and FMA")
        let shape = FeatureShape(height: 6, width: 5, channels: 8)
        let first = depthwise(shape, stride: 1, padding: .same, relu: true), second = depthwise(shape, stride: 1, padding: .same, relu: false)
        let mix = pointwise(shape, filters: 8)
        // 0 → dw → 1 → 1×1 → 2 → dw → 3; 3 is read by the 1×1 (→ 4) and by the ADD (3 + 4 → 5), so only the first
        // pair folds, and the first depthwise moves to its reader.
        let steps = [
            Network.Step(operation: first, inputs: [0], output: 1),
            Network.Step(operation: mix, inputs: [1], output: 2),
            Network.Step(operation: second, inputs: [2], output: 3),
            Network.Step(operation: mix, inputs: [3], output: 4),
            Network.Step(operation: AddOperation(outputShape: shape, inputCount: 2), inputs: [3, 4], output: 5),
        ]
        let network = Network(steps: steps, shapes: Array(repeating: shape, count: 6), inputTensor: 0, outputTensor: 5)
        #expect(network.steps.map { "\(type(of: $0.operation))" }
            == ["DepthwisePointwiseOperation", "DepthwiseConvolutionOperation", "ConvolutionOperation", "AddOperation"])
        #expect(network.steps[0].inputs == [0] && network.steps[0].output == 2)

        let input = (0..<shape.count).map { cos(Float($0) * 0.3) }
        let t2 = run(mix, [run(first, [input])]), t3 = run(second, [t2])
        let expected = run(AddOperation(outputShape: shape, inputCount: 2), [t3, run(mix, [t3])])
        let workspace = NetworkWorkspace(network: network, batchCapacity: 1)
        let slot = workspace.pointer(forSlot: network.slotOfTensor[0])
        slot.update(from: input, count: input.count)
        let output = network.run(batch: 1, in: workspace)
        #expect(Array(UnsafeBufferPointer(start: output, count: shape.count)) == expected)
    }
}
