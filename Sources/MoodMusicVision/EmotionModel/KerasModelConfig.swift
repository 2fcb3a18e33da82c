import Foundation

/// One layer of a Keras 2 functional model as its `model_config` describes it.
struct KerasLayerConfig {
    let className: String
    let name: String
    /// Names of the layers whose outputs feed this one, in order.
    let inbound: [String]
    let settings: KerasLayerSettings
}

/// The `config` dictionary of a layer, with typed accessors that turn a bad value into a load error.
struct KerasLayerSettings {
    let layer: String
    let raw: [String: Any]

    func string(_ key: String) throws -> String {
        guard let value = raw[key] as? String else { throw invalid(key) }
        return value
    }

    func optionalString(_ key: String) -> String? { raw[key] as? String }

    func bool(_ key: String, default defaultValue: Bool) throws -> Bool {
        guard let value = raw[key], !(value is NSNull) else { return defaultValue }
        guard let flag = value as? Bool else { throw invalid(key) }
        return flag
    }

    func int(_ key: String) throws -> Int {
        guard let value = raw[key] as? NSNumber else { throw invalid(key) }
        return value.intValue
    }

    func double(_ key: String, default defaultValue: Double) throws -> Double {
        guard let value = raw[key], !(value is NSNull) else { return defaultValue }
        guard let number = value as? NSNumber else { throw invalid(key) }
        return number.doubleValue
    }

    /// A (rows, columns) pair written either as one integer or as a two-element list; nil when absent or null.
    func pair(_ key: String) throws -> (Int, Int)? {
        guard let value = raw[key], !(value is NSNull) else { return nil }
        if let single = value as? NSNumber { return (single.intValue, single.intValue) }
        guard let list = value as? [NSNumber], list.count == 2 else { throw invalid(key) }
        return (list[0].intValue, list[1].intValue)
    }

    /// A shape list such as `batch_input_shape` ([null, 64, 64, 1]); null entries become nil.
    func shape(_ key: String) throws -> [Int?] {
        guard let list = raw[key] as? [Any] else { throw invalid(key) }
        return list.map { ($0 as? NSNumber)?.intValue }
    }

    private func invalid(_ key: String) -> EmotionModelError {
        .invalidConfig("layer '\(layer)': missing or malformed '\(key)'")
    }
}

/// A Keras 2 functional model (`class_name` "Model" or "Functional") parsed from `model_config`.
struct KerasModelConfig {
    let layers: [KerasLayerConfig]
    let inputLayer: String
    let outputLayer: String

    init(json: String) throws {
        guard let data = json.data(using: .utf8),
            let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { throw EmotionModelError.invalidConfig("not a JSON object") }
        let className = root["class_name"] as? String ?? "?"
        guard className == "Model" || className == "Functional" else {
            throw EmotionModelError.invalidConfig("model class \(className); only functional models (Model/Functional) are supported")
        }
        guard let config = root["config"] as? [String: Any], let layerList = config["layers"] as? [[String: Any]] else {
            throw EmotionModelError.invalidConfig("no config.layers list")
        }
        layers = try layerList.map(Self.parseLayer)
        inputLayer = try Self.singleEndpoint(config["input_layers"], role: "input_layers")
        outputLayer = try Self.singleEndpoint(config["output_layers"], role: "output_layers")
    }

    private static func parseLayer(_ entry: [String: Any]) throws -> KerasLayerConfig {
        guard let className = entry["class_name"] as? String, let settings = entry["config"] as? [String: Any] else {
            throw EmotionModelError.invalidConfig("layer entry without class_name/config")
        }
        guard let name = entry["name"] as? String ?? settings["name"] as? String else {
            throw EmotionModelError.invalidConfig("\(className) layer without a name")
        }
        // Keras 2: inbound_nodes = [[[layer_name, node_index, tensor_index, kwargs], ...]], one list per call.
        let nodes = entry["inbound_nodes"] as? [Any] ?? []
        guard nodes.count <= 1 else {
            throw EmotionModelError.unsupportedOption(layer: name, detail: "layer is called \(nodes.count) times (shared layers)")
        }
        var inbound: [String] = []
        if let node = nodes.first {
            guard let connections = node as? [[Any]] else {
                throw EmotionModelError.invalidConfig("layer '\(name)': inbound_nodes are not in the Keras 2 format")
            }
            inbound = try connections.map { connection in
                guard let source = connection.first as? String,
                    (connection.count < 3 || (connection[2] as? NSNumber)?.intValue == 0)
                else { throw EmotionModelError.invalidConfig("layer '\(name)': malformed inbound connection") }
                return source
            }
        }
        return KerasLayerConfig(
            className: className, name: name, inbound: inbound, settings: KerasLayerSettings(layer: name, raw: settings))
    }

    private static func singleEndpoint(_ value: Any?, role: String) throws -> String {
        guard let list = value as? [[Any]], list.count == 1, let name = list[0].first as? String else {
            throw EmotionModelError.invalidConfig("\(role) must name exactly one layer")
        }
        return name
    }
}
