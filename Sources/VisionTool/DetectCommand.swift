import ArgumentParser
import Foundation
import MoodMusicVision

/// `vision-tool detect FILE...`: one JSON line per image with its size and face boxes.
struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Decode images and print the faces found, one JSON line per image."
    )

    @OptionGroup var detection: DetectionParameters

    @Argument(help: "JPEG or PNG files.")
    var files: [String]

    func run() throws {
        let detector = try detection.loadDetector()
        let decoder = ImageDecoder()
        var failures = 0
        for file in files {
            var line: [String: Any] = ["file": file]
            do {
                let bytes = try ImageFiles.read(file)
                let image = try decoder.decodeGray(bytes)
                let faces = detector.detect(image, options: detection.options)
                line["width"] = image.width
                line["height"] = image.height
                line["faces"] = faces.map { ["x": $0.x, "y": $0.y, "w": $0.width, "h": $0.height, "neighbors": $0.neighbors] }
            } catch {
                failures += 1
                line["error"] = String(describing: error)
            }
            let json = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
            print(String(decoding: json, as: UTF8.self))
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
