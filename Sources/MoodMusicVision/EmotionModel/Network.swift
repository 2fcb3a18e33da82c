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

    init(steps: [Step], shapes: [FeatureShape], inputTensor: Int, outputTensor: Int) {
        let steps = Self.fusingDepthwiseIntoPointwise(steps, networkOutput: outputTensor)
        self.steps = steps
        self.shapes = shapes
        self.inputTensor = inputTensor
        self.outputTensor = outputTensor
        scratchCount = steps.map(\.operation.scratchCount).max() ?? 0
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
        for (index, step) in steps.enumerated() {
            let inputs = step.inputs.map { UnsafePointer(workspace.pointer(forSlot: slotOfTensor[$0])) }
            let start = profiling ? DispatchTime.now().uptimeNanoseconds : 0
            step.operation.run(inputs, into: workspace.pointer(forSlot: slotOfTensor[step.output]), batch: batch, scratch: workspace.scratch)
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
