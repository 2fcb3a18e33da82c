/// Why an emotion model could not be loaded.
public enum EmotionModelError: Error, Equatable, CustomStringConvertible {
    /// The model file does not exist.
    case fileNotFound(path: String)
    /// The file exists but libhdf5 cannot read it as HDF5, or a required object in it is missing or malformed.
    case unreadableHDF5(path: String, detail: String)
    /// The `model_config` JSON is missing, not JSON, or not a Keras 2 functional model we can interpret.
    case invalidConfig(String)
    /// A layer type this runtime does not implement.
    case unsupportedLayer(className: String, name: String)
    /// A supported layer uses an option this runtime does not implement (e.g. dilation, channels_first).
    case unsupportedOption(layer: String, detail: String)
    /// A weight tensor is missing or its shape does not match the layer's configuration.
    case invalidWeights(layer: String, detail: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "emotion model file not found: \(path) (run scripts/fetch-models, or set MOODMUSIC_MODEL)"
        case .unreadableHDF5(let path, let detail):
            return "cannot read emotion model \(path) as a Keras HDF5 file: \(detail)"
        case .invalidConfig(let detail):
            return "invalid Keras model_config: \(detail)"
        case .unsupportedLayer(let className, let name):
            return "unsupported Keras layer type \(className) (layer '\(name)')"
        case .unsupportedOption(let layer, let detail):
            return "unsupported option in layer '\(layer)': \(detail)"
        case .invalidWeights(let layer, let detail):
            return "invalid weights for layer '\(layer)': \(detail)"
        }
    }
}
