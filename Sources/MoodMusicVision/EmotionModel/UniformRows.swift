/// Runs of consecutive rows of one image's tensor that hold the same values, bit for bit: the letterbox's black
/// border above and below a wide photo, and what the network makes of it. A step that computes rows independently
/// (`RowWiseOperation`) needs to compute only the first row of each run its output inherits and copy it.
///
/// Pure bookkeeping: finding runs in a tensor, and carrying them from a step's inputs to its output.
struct UniformRows: Equatable, Sendable {
    /// Sorted, disjoint, each at least two rows long.
    private(set) var runs: [Range<Int>]

    init(_ runs: [Range<Int>] = []) {
        self.runs = runs.filter { $0.count >= 2 }
        precondition(zip(self.runs, self.runs.dropFirst()).allSatisfy { $0.upperBound <= $1.lowerBound }, "runs must be sorted and disjoint")
    }

    var isEmpty: Bool { runs.isEmpty }

    /// The runs of identical rows in one image (`shape.height` rows of `width · channels` floats), compared as bits.
    static func find(in tensor: UnsafePointer<Float>, shape: FeatureShape) -> UniformRows {
        let rowFloats = shape.width * shape.channels
        guard rowFloats > 0, shape.height > 1 else { return UniformRows() }
        var runs: [Range<Int>] = []
        var start = 0
        for row in 1...shape.height {
            if row < shape.height && Self.equal(tensor + (row - 1) * rowFloats, tensor + row * rowFloats, count: rowFloats) { continue }
            if row - start >= 2 { runs.append(start..<row) }
            start = row
        }
        return UniformRows(runs)
    }

    private static func equal(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Bool {
        UnsafeRawPointer(a).withMemoryRebound(to: UInt32.self, capacity: count) { x in
            UnsafeRawPointer(b).withMemoryRebound(to: UInt32.self, capacity: count) { y in
                for index in 0..<count where x[index] != y[index] { return false }
                return true
            }
        }
    }

    /// The runs of a step's output (`outputHeight` rows): consecutive output rows whose windows (`window(input, row)`)
    /// lie, for every input, wholly inside the same run of that input hold the same values. A window that reaches into
    /// the padding (outside `0..<inputs[i].height`) belongs to no run.
    static func propagate(outputHeight: Int, inputs: [(height: Int, rows: UniformRows)], window: (_ input: Int, _ row: Int) -> Range<Int>) -> UniformRows {
        guard !inputs.isEmpty, inputs.allSatisfy({ !$0.rows.isEmpty }) else { return UniformRows() }
        func key(_ row: Int) -> [Int]? {
            var key: [Int] = []
            for (index, input) in inputs.enumerated() {
                let rows = window(index, row)
                guard rows.lowerBound >= 0, rows.upperBound <= input.height,
                    let run = input.rows.runs.firstIndex(where: { $0.contains(rows.lowerBound) && rows.upperBound <= $0.upperBound })
                else { return nil }
                key.append(run)
            }
            return key
        }
        var runs: [Range<Int>] = []
        var start = 0, current = outputHeight > 0 ? key(0) : nil
        for row in 1...max(outputHeight, 1) {
            let next = row < outputHeight ? key(row) : nil
            if next != nil && next == current { continue }
            if current != nil && row - start >= 2 { runs.append(start..<row) }
            start = row
            current = next
        }
        return UniformRows(runs)
    }

    /// The rows of a `height`-row tensor to compute: all but the rows after the first of each run.
    func rowsToCompute(height: Int) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var next = 0
        for run in runs {
            if next < run.lowerBound + 1 { result.append(next..<(run.lowerBound + 1)) }
            next = run.upperBound
        }
        if next < height { result.append(next..<height) }
        return result
    }
}
