import ArgumentParser
import MoodMusicVision

/// Cascade and detection options shared by the subcommands that run the face detector.
struct DetectionParameters: ParsableArguments {
    @Option(help: "Cascade XML file (default: $MOODMUSIC_CASCADE or the opencv-data frontal-face cascade).")
    var cascade: String?

    @Option(help: "Window growth per scale (> 1).")
    var scaleFactor: Double = 1.1

    @Option(help: "Hits a face needs, exclusive.")
    var minNeighbors: Int = 5

    @Option(help: "Smallest face side searched, in pixels.")
    var minSize: Int = 50

    func validate() throws {
        guard scaleFactor > 1 else { throw ValidationError("--scale-factor must be greater than 1") }
        guard minSize >= 0 else { throw ValidationError("--min-size must not be negative") }
    }

    var options: FaceDetectionOptions {
        FaceDetectionOptions(scaleFactor: scaleFactor, minNeighbors: minNeighbors,
                             minSize: PixelSize(width: minSize, height: minSize))
    }

    func loadDetector() throws -> FaceDetector {
        FaceDetector(cascade: try HaarCascade.load(path: cascade ?? HaarCascade.defaultPath))
    }
}
