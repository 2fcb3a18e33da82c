import ArgumentParser
import MoodMusicVocabulary
import Foundation
import MoodMusicVision

/// `vision-tool bench DIR`: times the photo → faces pipeline on one core, per image.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time decode + face detection + emotion classification per image (single thread); prints one JSON summary."
    )

    @OptionGroup var detection: DetectionParameters

    @Option(help: "Timed passes over the image set.")
    var repeats: Int = 5

    @Option(help: "Untimed passes first.")
    var warmup: Int = 1

    @Option(help: "Emotion model (default: $MOODMUSIC_MODEL or models/emotion_model.hdf5).")
    var model: String?

    @Flag(help: "Time decode + detect only, without the emotion classifier.")
    var detectOnly = false

    @Argument(help: "Image files, or one directory of .jpg/.png files.")
    var inputs: [String]

    func run() throws {
        let paths = try inputs.count == 1 && isDirectory(inputs[0]) ? ImageFiles.images(in: inputs[0]) : inputs
        guard !paths.isEmpty else { throw ValidationError("no images") }
        let images = try paths.map(ImageFiles.read)
        let detector = try detection.loadDetector()
        let decoder = ImageDecoder()
        let options = detection.options
        let pipeline = detectOnly ? nil : EmotionPipeline(
            decoder: decoder, detector: detector,
            classifier: EmotionClassifier(model: try EmotionModel.load(path: model ?? EmotionModel.defaultPath())))

        var perImageMs: [Double] = []
        var faces = 0
        for pass in 0..<(warmup + repeats) {
            var passFaces = 0
            for bytes in images {
                let start = DispatchTime.now().uptimeNanoseconds
                let faceCount: Int
                if let pipeline {
                    faceCount = try pipeline.analyze(bytes, options: options).faces.count
                } else {
                    faceCount = detector.detect(try decoder.decodeGray(bytes), options: options).count
                }
                let elapsed = DispatchTime.now().uptimeNanoseconds - start
                passFaces += faceCount
                if pass >= warmup { perImageMs.append(Double(elapsed) / 1e6) }
            }
            faces = passFaces
        }
        perImageMs.sort()
        let summary: [String: Any] = [
            "images": images.count,
            "faces": faces,
            "repeats": repeats,
            "stages": detectOnly ? "decode+detect" : "decode+detect+classify",
            "median_ms": perImageMs[perImageMs.count / 2],
            "mean_ms": perImageMs.reduce(0, +) / Double(perImageMs.count),
        ]
        let json = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }

    private func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }
}
