import Foundation
import CVisionKernels
import Testing

@testable import MoodMusicVision

/// Runs of identical rows: found bit for bit, carried through row windows, and computed once by the network with
/// exactly the floats of computing every row.
struct UniformRowsTests {
    private func tensor(rows: [Float], width: Int, channels: Int) -> [Float] {
        rows.flatMap { value in [Float](repeating: value, count: width * channels) }
    }

    @Test func findsRunsOfBitwiseEqualRows() {
        let shape = FeatureShape(height: 10, width: 3, channels: 2)
        // 0.0 and −0.0 compare equal as floats but not as bits: rows 5 and 6 are not a run.
        let values = tensor(rows: [-1, -1, -1, 0.5, 2, 0, -0.0, 7, 7, 7], width: 3, channels: 2)
        let runs = values.withUnsafeBufferPointer { UniformRows.find(in: $0.baseAddress!, shape: shape) }
        #expect(runs.runs == [0..<3, 7..<10])

        var oneOff = values
        oneOff[8 * 6 + 5] = 7.000001   // the last float of row 8
        #expect(oneOff.withUnsafeBufferPointer { UniformRows.find(in: $0.baseAddress!, shape: shape) }.runs == [0..<3])

        // One row, no rows, empty rows: no runs, and no trap.
        for empty in [FeatureShape(height: 1, width: 3, channels: 2), FeatureShape(height: 0, width: 3, channels: 2),
                      FeatureShape(height: 4, width: 0, channels: 2)] {
            #expect(values.withUnsafeBufferPointer { UniformRows.find(in: $0.baseAddress!, shape: empty) }.isEmpty)
        }
    }

    @Test func runsShrinkByTheWindowAndStopAtThePadding() {
        let input = UniformRows([0..<10, 20..<24])
        // 3 × 3, stride 1, one row of padding: row r reads r − 1 ..< r + 2.
        let same = UniformRows.propagate(outputHeight: 24, inputs: [(24, input)]) { _, row in (row - 1)..<(row + 2) }
        #expect(same.runs == [1..<9, 21..<23])
        // Stride 2, window 3, no padding: row r reads 2r ..< 2r + 3; rows 0…3 read inside 0..<10.
        let strided = UniformRows.propagate(outputHeight: 11, inputs: [(24, input)]) { _, row in (2 * row)..<(2 * row + 3) }
        #expect(strided.runs == [0..<4])
        // A run shorter than two rows is no run.
        #expect(UniformRows.propagate(outputHeight: 24, inputs: [(24, UniformRows([0..<3]))]) { _, row in (row - 1)..<(row + 2) }.isEmpty)
    }

    @Test func twoInputsMustBothBeInARun() {
        let a = UniformRows([0..<8]), b = UniformRows([2..<6])
        let both = UniformRows.propagate(outputHeight: 8, inputs: [(8, a), (8, b)]) { _, row in row..<(row + 1) }
        #expect(both.runs == [2..<6])
        #expect(UniformRows.propagate(outputHeight: 8, inputs: [(8, a), (8, UniformRows())]) { _, row in row..<(row + 1) }.isEmpty)
        // Rows in different runs of an input are not equal to each other: the runs stay apart.
        let split = UniformRows.propagate(outputHeight: 8, inputs: [(8, UniformRows([0..<4, 4..<8]))]) { _, row in row..<(row + 1) }
        #expect(split.runs == [0..<4, 4..<8])
    }

    @Test func rowsToComputeKeepTheFirstRowOfEachRun() {
        #expect(UniformRows([2..<6, 9..<12]).rowsToCompute(height: 12) == [0..<3, 6..<10])
        #expect(UniformRows([0..<4]).rowsToCompute(height: 6) == [0..<1, 4..<6])
        #expect(UniformRows().rowsToCompute(height: 5) == [0..<5])
    }

    /// Each row-wise operation computes any range of rows exactly as its whole run does.
    @Test func rowRangesEqualTheWholeRun() throws {
        try #require(mmv_has_avx2_fma() != 0, "the direct and packed kernels need AVX2 and FMA")
        let shape = FeatureShape(height: 11, width: 9, channels: 3)
        let input = (0..<shape.count).map { sin(Float($0) * 0.31) }
        let direct = ConvolutionOperation(
            inputShape: shape, kernelSize: (5, 5), strides: (2, 2), padding: .same, filters: 16,
            kernel: (0..<(75 * 16)).map { cos(Float($0) * 0.17) }, bias: (0..<16).map { Float($0) * 0.03 }, activation: .relu, mayReorderSums: true)
        let wide = FeatureShape(height: 7, width: 6, channels: 16)
        let wideInput = (0..<wide.count).map { cos(Float($0) * 0.13) }
        let narrow = (0..<(7 * 6 * 8)).map { sin(Float($0) * 0.5) }
        let pointwise = ConvolutionOperation(
            inputShape: wide, kernelSize: (1, 1), strides: (1, 1), padding: .valid, filters: 24,
            kernel: (0..<(16 * 24)).map { sin(Float($0) * 0.07) }, bias: (0..<24).map { Float($0) * -0.01 }, activation: .none,
            mayReorderSums: true).addingResidual(channels: 8, activation: .relu)
        let cases: [(any RowWiseOperation, [[Float]])] = [
            (direct, [input]),
            (pointwise, [wideInput, narrow]),
            (MaxPoolOperation(inputShape: shape, poolSize: (3, 3), strides: (2, 2), padding: .same), [input]),
            (FusedAddOperation(outputShape: wide, activation: .relu, narrowChannels: 8), [wideInput, narrow]),
        ]
        for (operation, inputs) in cases {
            #expect(operation.runsByRows)
            let whole = run(operation, inputs)
            let height = operation.outputShape.height
            for parts in [[0..<height], [0..<1, 1..<height], [0..<2, 2..<3, 3..<height]] where parts.allSatisfy({ $0.upperBound <= height }) {
                #expect(runRows(operation, inputs, parts: parts) == whole, "\(type(of: operation)) \(parts)")
            }
        }
    }

    private func runRows(_ operation: any RowWiseOperation, _ inputs: [[Float]], parts: [Range<Int>]) -> [Float] {
        withBuffers(for: operation, inputs, outputCount: operation.outputShape.count) { inputs, output, scratch in
            for part in parts { operation.runRows(part, of: inputs, into: output, scratch: scratch) }
        }
    }

    /// BlazeFace on letterboxed pictures (a wide photo, a noise picture with a flat band across it, a square one):
    /// computing each run of equal rows once gives the output of computing every row, bit for bit.
    @Test func blazeFaceOutputIsTheSameWithAndWithoutReusedRows() throws {
        guard BlazeFaceTestData.modelsArePresent else { return }
        let photo = try RGBImageDecoder().decode(FixturePaths.bytes("data/faces/messi5.jpg"))
        var noise = (0..<(320 * 150 * 3)).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
        for index in (60 * 320 * 3)..<(90 * 320 * 3) { noise[index] = 200 }
        let pictures = [photo, RGBImage(width: 320, height: 150, pixels: noise),
                        RGBImage(width: 64, height: 64, pixels: Array(noise.prefix(64 * 64 * 3)))]
        for variant in BlazeFaceVariant.allCases {
            let detector = try #require(BlazeFaceTestData.detectors[variant])
            var plain = detector.network
            plain.reusesUniformRows = false
            for picture in pictures {
                let reused = output(of: detector.network, for: picture, size: variant.inputSize)
                let computed = output(of: plain, for: picture, size: variant.inputSize)
                let differing = zip(reused, computed).filter { $0.bitPattern != $1.bitPattern }.count
                #expect(reused.count == computed.count && differing == 0,
                        "\(variant) \(picture.width)×\(picture.height): \(differing) of \(computed.count) floats differ")
            }
        }
    }

    private func output(of network: Network, for picture: RGBImage, size: Int) -> [Float] {
        let workspace = NetworkWorkspace(network: network, batchCapacity: 1)
        _ = LetterboxResampler.fill(picture, size: size, into: workspace.pointer(forSlot: network.slotOfTensor[network.inputTensor]))
        let output = network.run(batch: 1, in: workspace)
        return Array(UnsafeBufferPointer(start: output, count: network.shapes[network.outputTensor].count))
    }
}
