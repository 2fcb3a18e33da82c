import Foundation

/// A Viola–Jones face cascade read from an OpenCV cascade XML file (the format of
/// `haarcascade_frontalface_default.xml`: BOOST stages of Haar stumps, no tilted features).
///
/// Immutable once loaded; share one instance between threads and detectors.
public final class HaarCascade: Sendable {
    /// Where Debian's `opencv-data` package installs the frontal-face cascade.
    public static let systemDefaultPath = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml"

    /// The cascade to use when none is named: `$MOODMUSIC_CASCADE` if set and non-empty, else ``systemDefaultPath``.
    public static var defaultPath: String {
        if let override = ProcessInfo.processInfo.environment["MOODMUSIC_CASCADE"], !override.isEmpty {
            return override
        }
        return systemDefaultPath
    }

    /// The training window (24×24 for the frontal-face cascade).
    public let windowWidth: Int
    public let windowHeight: Int
    let stages: [HaarStage]
    let stumps: [HaarStump]
    let features: [HaarFeature]

    /// How many boosted stages a window must pass.
    public var stageCount: Int { stages.count }

    init(windowWidth: Int, windowHeight: Int, stages: [HaarStage], stumps: [HaarStump], features: [HaarFeature]) {
        self.windowWidth = windowWidth
        self.windowHeight = windowHeight
        self.stages = stages
        self.stumps = stumps
        self.features = features
    }

    /// Loads a cascade file.
    /// - Throws: ``HaarCascadeError``.
    public static func load(path: String = HaarCascade.defaultPath) throws -> HaarCascade {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HaarCascadeError.unreadable(path: path)
        }
        return try parse(xml: [UInt8](data))
    }

    /// Parses the bytes of a cascade XML file.
    /// - Throws: ``HaarCascadeError``.
    public static func parse(xml: [UInt8]) throws -> HaarCascade {
        let document: CascadeXMLElement
        do {
            document = try CascadeXMLParser.parse(xml)
        } catch {
            throw HaarCascadeError.malformed("XML error at byte \(error.offset): \(error.message)")
        }
        return try HaarCascadeReader.read(document)
    }
}
