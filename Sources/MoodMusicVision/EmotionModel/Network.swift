import Foundation

/// A compiled feed-forward network: operations in execution order over numbered tensors, plus a memory plan
/// that lets tensors whose lifetimes do not overlap share a buffer.
struct Network: Sendable {
    struct Step: Sendable {
        let operation: any TensorOperation
        let inputs: [Int]
        let output: Int
    }

    let steps: [Step]
    /// Shape of every tensor (per image).
    let shapes: [FeatureShape]
    let inputTensor: Int
    let outputTensor: Int
    /// Buffer slot holding each tensor.
    let slotOfTensor: [Int]
    /// Floats per image in each slot.
    let slotSizes: [Int]
    let scratchCount: Int
    /// Whether a single image's runs of identical rows (`UniformRows`) are computed once and copied. Off only to
    /// compare the two ways in tests and benchmarks: the floats are the same.
    var reusesUniformRows = true
    /// Each step's operation when it computes rows independently (`RowWiseOperation.runsByRows`), else nil.
    let rowWiseSteps: [(any RowWiseOperation)?]

    init(steps: [Step], shapes: [FeatureShape], inputTensor: Int, outputTensor: Int) {
        let steps = Self.fusingDepthwiseIntoPointwise(steps, networkOutput: outputTensor)
        self.steps = steps
        self.shapes = shapes
        self.inputTensor = inputTensor
        self.outputTensor = outputTensor
        scratchCount = steps.map(\.operation.scratchCount).max() ?? 0
        rowWiseSteps = steps.map { step in (step.operation as? any RowWiseOperation).flatMap { $0.runsByRows ? $0 : nil } }
        (slotOfTensor, slotSizes) = Self.planMemory(steps: steps, shapes: shapes, input: inputTensor, output: outputTensor)
    }

    /// Greedy buffer sharing: a tensor's slot is freed after its last reader runs; a step's output never shares
    /// a slot with that step's inputs.
    private static func planMemory(steps: [Step], shapes: [FeatureShape], input: Int, output: Int) -> ([Int], [Int]) {
        var lastUse = [Int](repeating: -1, count: shapes.count)
        for (index, step) in steps.enumerated() {
            for tensor in step.inputs { lastUse[tensor] = index }
        }
        lastUse[output] = steps.count
        var slotOf = [Int](repeating: -1, count: shapes.count)
        var sizes: [Int] = []
        var free: [Int] = []
        func assign(_ tensor: Int) {
            if let reuse = free.popLast() {
                slotOf[tensor] = reuse
                sizes[reuse] = max(sizes[reuse], shapes[tensor].count)
            } else {
                slotOf[tensor] = sizes.count
                sizes.append(shapes[tensor].count)
            }
        }
        assign(input)
        var live: Set<Int> = [input]
        for (index, step) in steps.enumerated() {
            for tensor in live where lastUse[tensor] < index {
                free.append(slotOf[tensor])
                live.remove(tensor)
            }
            assign(step.output)
            live.insert(step.output)
        }
        return (slotOf, sizes)
    }

    /// Runs every step on the `batch` images already written to `workspace.pointer(for: inputTensor)` and
    /// returns where the output tensor lies in `workspace`.
    func run(batch: Int, in workspace: NetworkWorkspace) -> UnsafePointer<Float> {
        precondition(batch <= workspace.batchCapacity)
        let profiling = OperationProfile.isEnabled
        let uniform = batch == 1 && reusesUniformRows ? UniformRowsPass(network: self, workspace: workspace) : nil
        for (index, step) in steps.enumerated() {
            let inputs = step.inputs.map { UnsafePointer(workspace.pointer(forSlot: slotOfTensor[$0])) }
            let output = workspace.pointer(forSlot: slotOfTensor[step.output])
            let start = profiling ? DispatchTime.now().uptimeNanoseconds : 0
            if uniform?.run(index, of: self, inputs, into: output, scratch: workspace.scratch) != true {
                step.operation.run(inputs, into: output, batch: batch, scratch: workspace.scratch)
            }
            if profiling {
                let elapsed = DispatchTime.now().uptimeNanoseconds - start
                OperationProfile.record(network: "\(shapes[inputTensor]) → \(shapes[outputTensor])", step: index,
                                        label: "\(type(of: step.operation)) \(step.inputs.map { shapes[$0] }) → \(step.operation.outputShape)",
                                        nanoseconds: elapsed)
            }
        }
        return UnsafePointer(workspace.pointer(forSlot: slotOfTensor[outputTensor]))
    }
}

/// One image's pass through a network that computes each run of identical rows (`UniformRows`) once.
///
/// Before the pass, the runs of the input are carried through every row-wise step, and then back from the readers:
/// a row inside a run is copied from the run's first row only when a later step reads it (the rows around the run's
/// ends, for the windows of the rows computed next to it). Copying whole runs cost as much as computing them on the
/// thin, memory-bound 96×96 layers.
private struct UniformRowsPass {
    private let runs: [UniformRows]
    private let read: [[Bool]]

    /// Nil when the input has no runs (a face crop, a square photo): then there is nothing to plan.
    init?(network: Network, workspace: NetworkWorkspace) {
        let shapes = network.shapes, steps = network.steps
        let input = network.inputTensor
        let inputRuns = UniformRows.find(in: workspace.pointer(forSlot: network.slotOfTensor[input]), shape: shapes[input])
        guard !inputRuns.isEmpty else { return nil }
        let rowWise = network.rowWiseSteps
        var runs = Array(repeating: UniformRows(), count: shapes.count)
        runs[input] = inputRuns
        for (index, step) in steps.enumerated() {
            guard let operation = rowWise[index] else { continue }
            runs[step.output] = UniformRows.propagate(outputHeight: shapes[step.output].height,
                                                      inputs: step.inputs.map { (shapes[$0].height, runs[$0]) }, window: operation.inputRows)
        }
        var read = shapes.map { [Bool](repeating: false, count: $0.height) }
        read[network.outputTensor] = Array(repeating: true, count: shapes[network.outputTensor].height)
        for (index, step) in steps.enumerated() {
            guard let operation = rowWise[index] else {
                for tensor in step.inputs { read[tensor] = Array(repeating: true, count: shapes[tensor].height) }
                continue
            }
            for part in runs[step.output].rowsToCompute(height: shapes[step.output].height) {
                for (position, tensor) in step.inputs.enumerated() {
                    let first = operation.inputRows(position, forOutputRow: part.lowerBound)
                    let last = operation.inputRows(position, forOutputRow: part.upperBound - 1)
                    let lowest = max(first.lowerBound, 0), highest = min(last.upperBound, shapes[tensor].height)
                    if lowest < highest { for row in lowest..<highest { read[tensor][row] = true } }
                }
            }
        }
        self.runs = runs
        self.read = read
    }

    /// Runs step `index` when its output has runs and returns true; else leaves it to the caller.
    func run(_ index: Int, of network: Network, _ inputs: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>,
             scratch: UnsafeMutablePointer<Float>) -> Bool {
        let step = network.steps[index]
        guard let operation = network.rowWiseSteps[index], !runs[step.output].isEmpty else { return false }
        let shape = network.shapes[step.output]
        for part in runs[step.output].rowsToCompute(height: shape.height) {
            operation.runRows(part, of: inputs, into: output, scratch: scratch)
        }
        let rowFloats = shape.width * shape.channels
        for run in runs[step.output].runs {
            let first = output + run.lowerBound * rowFloats
            for row in run.dropFirst() where read[step.output][row] { (output + row * rowFloats).update(from: first, count: rowFloats) }
        }
        return true
    }
}

/// The buffers one forward pass of up to `batchCapacity` images needs, allocated once and reused.
///
/// Not thread-safe: `EmotionModel` hands each workspace to one caller at a time.
final class NetworkWorkspace: @unchecked Sendable {
    let batchCapacity: Int
    private let slots: [UnsafeMutablePointer<Float>]
    let scratch: UnsafeMutablePointer<Float>

    /// Buffers start on a cache line. With malloc's 16-byte alignment (large blocks sit 16 bytes past a page
    /// boundary), every other 32-byte AVX load of an 8-channel block straddled two lines: a 96×96×32 depthwise
    /// layer took 170 µs instead of 124 µs in a C harness.
    private static let alignment = 64

    init(network: Network, batchCapacity: Int) {
        self.batchCapacity = batchCapacity
        slots = network.slotSizes.map { Self.zeroedFloats(max(1, $0 * batchCapacity)) }
        scratch = Self.zeroedFloats(max(1, network.scratchCount))
    }

    private static func zeroedFloats(_ count: Int) -> UnsafeMutablePointer<Float> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: alignment)
        return raw.initializeMemory(as: Float.self, repeating: 0, count: count)
    }

    deinit {
        for slot in slots { UnsafeMutableRawPointer(slot).deallocate() }
        UnsafeMutableRawPointer(scratch).deallocate()
    }

    func pointer(forSlot slot: Int) -> UnsafeMutablePointer<Float> { slots[slot] }
}
