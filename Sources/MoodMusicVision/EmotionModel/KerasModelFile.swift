/// The contents of a Keras 2 HDF5 model file that inference needs: the architecture JSON and every layer's weights.
struct KerasModelFile {
    /// The root attribute `model_config`.
    let configJSON: String
    /// Layer name → weight short name (e.g. "kernel", "moving_mean") → tensor.
    let weights: [String: [String: WeightTensor]]

    /// Reads `path` with libhdf5.
    ///
    /// Keras 2 (`model.save`) layout: attribute `model_config` on the root; group `model_weights` with one
    /// subgroup per layer whose attribute `weight_names` lists the layer's datasets relative to that subgroup,
    /// e.g. `conv2d_7_1/kernel:0`. Files written by `save_weights` have the layer groups at the root instead.
    static func read(path: String) throws -> KerasModelFile {
        try HDF5File.read(path: path) { file in
            guard file.hasAttribute("model_config"), let config = try file.stringAttribute("model_config").first else {
                throw EmotionModelError.unreadableHDF5(path: path, detail: "no model_config attribute (not a Keras model file)")
            }
            let root = file.hasObject("model_weights") ? "model_weights" : "/"
            let layerNames = try file.stringAttribute("layer_names", on: root)
            var weights: [String: [String: WeightTensor]] = [:]
            for layer in layerNames {
                let group = root == "/" ? layer : "\(root)/\(layer)"
                var tensors: [String: WeightTensor] = [:]
                for weightName in try file.stringAttribute("weight_names", on: group) {
                    tensors[shortName(of: weightName)] = try file.floatDataset("\(group)/\(weightName)")
                }
                weights[layer] = tensors
            }
            return KerasModelFile(configJSON: config, weights: weights)
        }
    }

    /// "conv2d_7_1/kernel:0" → "kernel".
    private static func shortName(of weightName: String) -> String {
        var name = Substring(weightName)
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        if let colon = name.lastIndex(of: ":") { name = name[..<colon] }
        return String(name)
    }
}
