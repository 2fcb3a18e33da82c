import ArgumentParser
import Foundation
import MoodMusicVision

/// `vision-tool analyze FILE...`: the worker's FacePipeline (detector choice, landmarks, emotions), one JSON line
/// per image; with `--repeats N`, a timing summary with the stage split instead.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Run the full photo pipeline (BlazeFace or Haar, then emotions) and print faces, or time it per stage."
    )

    @Option(help: "full, short (BlazeFace) or haar.")
    var detector: String = "full"

    @Option(help: "BlazeFace score threshold.")
    var threshold: Float = BlazeFaceDetector.defaultScoreThreshold

    @Flag(help: "Crop faces by the eye line (BlazeFace only).")
    var align = false

    @Option(help: "Time this many passes over the images (after one untimed pass) and print a summary.")
    var repeats: Int = 0

    @Flag(help: "With --repeats: also print the mean time of every network step (stderr).")
    var profileOps = false

    @Argument(help: "JPEG or PNG files, or one directory of them.")
    var inputs: [String]

    func run() throws {
        var isDirectory: ObjCBool = false
        let paths = inputs.count == 1 && FileManager.default.fileExists(atPath: inputs[0], isDirectory: &isDirectory) && isDirectory.boolValue
            ? try ImageFiles.images(in: inputs[0]) : inputs
        let choice: FaceDetectorChoice
        switch detector {
        case "haar": choice = .haar
        case "full": choice = .blazeFace(.fullRange)
        case "short": choice = .blazeFace(.shortRange)
        default: throw ValidationError("--detector must be full, short or haar")
        }
        let pipeline = try FacePipeline.load()
        let options = PhotoAnalysisOptions(detector: choice, scoreThreshold: threshold, alignFaces: align)
        let images = try paths.map(ImageFiles.read)
        if repeats > 0 {
            if profileOps { OperationProfile.start() }
            try time(pipeline, options: options, images: images)
            if profileOps { FileHandle.standardError.write(Data((OperationProfile.report() + "\n").utf8)) }
            return
        }
        for (path, bytes) in zip(paths, images) {
            let analysis = try pipeline.analyze(bytes, options: options)
            let faces: [[String: Any]] = analysis.faces.map { face in
                var entry: [String: Any] = ["x": face.box.x, "y": face.box.y, "w": face.box.width, "h": face.box.height,
                                            "probabilities": face.probabilities.map(Double.init)]
                if let score = face.score { entry["score"] = Double(score) }
                if let marks = face.landmarks { entry["landmarks"] = marks.points.map { [Double($0.x), Double($0.y)] } }
                return entry
            }
            let line: [String: Any] = ["file": path, "width": analysis.width, "height": analysis.height, "faces": faces]
            print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
        }
    }

    /// Median per-image time of the whole pipeline, and of decode / detect / classify measured in the same passes.
    private func time(_ pipeline: FacePipeline, options: PhotoAnalysisOptions, images: [[UInt8]]) throws {
        var total: [Double] = [], decode: [Double] = [], detect: [Double] = [], classify: [Double] = []
        var faces = 0
        func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
        for pass in 0...repeats {
            faces = 0
            for bytes in images {
                let t0 = now()
                faces += try pipeline.analyze(bytes, options: options).faces.count
                let t1 = now()
                if case .blazeFace(let variant) = options.detector, let detector = pipeline.blazeFace[variant] {
                    let (small, width, height) = try pipeline.rgbDecoder.decodeScaled(bytes, minimumSide: variant.inputSize)
                    let t2 = now()
                    let found = detector.detect(small, threshold: options.scoreThreshold)
                    let t3 = now()
                    let sx = Float(width) / Float(small.width), sy = Float(height) / Float(small.height)
                    let boxes = found.compactMap { $0.scaled(x: sx, y: sy).faceBox(width: width, height: height) }
                    if !boxes.isEmpty { _ = pipeline.haarPipeline.classifier.classify(faces: boxes, in: try pipeline.rgbDecoder.decodeLuma(bytes)) }
                    let t4 = now()
                    if pass > 0 { decode.append(Double(t2 - t1) / 1e6); detect.append(Double(t3 - t2) / 1e6); classify.append(Double(t4 - t3) / 1e6) }
                }
                if pass > 0 { total.append(Double(t1 - t0) / 1e6) }
            }
        }
        func median(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.sorted()[values.count / 2] }
        let summary: [String: Any] = [
            "images": images.count, "faces": faces, "repeats": repeats, "detector": detector,
            "median_ms": median(total), "mean_ms": total.reduce(0, +) / Double(max(total.count, 1)),
            "stage_median_ms": ["scaled decode": median(decode), "detect": median(detect), "luma decode+classify": median(classify)],
        ]
        print(String(decoding: try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys]), as: UTF8.self))
    }
}
