import ArgumentParser
import MoodMusicClient
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire
import Foundation

struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect", abstract: "Finds the faces in a photo (JPEG or PNG) and scores their emotions.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var detection: DetectionFlags

    @Argument(help: "The photo.")
    var photo: String

    func run() throws {
        let image = try readImage(photo)
        let options = detection.options
        let response = try global.withClient { client throws(RPCError) in try client.detectEmotions(image: image, options: options) }
        if global.json {
            print(try response.jsonString())
        } else {
            print(EmotionReport(response).render())
        }
    }
}

struct DetectionFlags: ParsableArguments {
    @Option(help: "Haar cascade scale factor, 1.01 to 4. Default 1.1.")
    var scaleFactor: Float?
    @Option(help: "Raw detections a face needs. Default 5.")
    var minNeighbors: UInt32?
    @Option(help: "Smallest face side in pixels. Default 50 for haar, none for BlazeFace.")
    var minSize: UInt32?
    @Option(help: "Face detector: full or short (BlazeFace), or haar. Default: the worker's (full).")
    var detector: String?
    @Option(help: "BlazeFace score threshold in (0, 1). Default 0.5.")
    var scoreThreshold: Float?
    @Option(help: "Emotion model: fer or moodnet. Default: the service's.")
    var emotionModel: String?
    @Flag(help: "Crop faces by their eye line for the emotion model (BlazeFace only).")
    var align = false

    var options: Moodmusic_V1_DetectionOptions? {
        guard scaleFactor != nil || minNeighbors != nil || minSize != nil || detector != nil || scoreThreshold != nil
            || emotionModel != nil || align else { return nil }
        var options = Moodmusic_V1_DetectionOptions()
        switch detector {
        case "full": options.detector = .blazefaceFull
        case "short": options.detector = .blazefaceShort
        case "haar": options.detector = .haar
        case nil: break
        case let other?: options.detector = .UNRECOGNIZED(Int(other) ?? -1)   // the worker names what is wrong
        }
        if let scoreThreshold { options.scoreThreshold = scoreThreshold }
        if let scaleFactor { options.scaleFactor = scaleFactor }
        if let minNeighbors { options.minNeighbors = minNeighbors }
        if let minSize { options.minSize = minSize }
        if let emotionModel { options.emotionModel = emotionModel }
        options.alignFaces = align
        return options
    }
}

func readImage(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        printError("mmctl: cannot read \(path)")
        throw ExitCode(2)
    }
    return [UInt8](data)
}

/// The faces table that `detect` and `recommend --image` print.
struct EmotionReport {
    let response: Moodmusic_V1_DetectEmotionsResponse
    init(_ response: Moodmusic_V1_DetectEmotionsResponse) { self.response = response }

    func render() -> String {
        let detector = [.haar: "haar", .blazefaceFull: "BlazeFace full range", .blazefaceShort: "BlazeFace short range"][response.detector] ?? "?"
        var lines = ["image \(response.imageWidth)×\(response.imageHeight), \(response.faces.count) face(s) by \(detector), \(String(format: "%.1f", Double(response.computeMicros) / 1000)) ms"]
        guard !response.faces.isEmpty else { return lines[0] }
        let haar = response.detector == .haar
        var table = TextTable(columns: ["FACE", "BOX (x,y,w,h)", haar ? "NEIGHBOURS" : "SCORE", "EMOTION", "CONF"] + Moodmusic_V1_Emotion.ferOrder.map { $0.label.uppercased() })
        for (i, face) in response.faces.enumerated() {
            let b = face.box
            table.add(["\(i + 1)", "\(b.x),\(b.y),\(b.width),\(b.height)", haar ? "\(face.neighbors)" : String(format: "%.2f", face.score), face.emotion.label,
                       String(format: "%.2f", face.confidence)] + face.probabilities.map { String(format: "%.3f", $0) })
        }
        lines.append(table.render())
        for (i, face) in response.faces.enumerated() where face.hasLandmarks {
            let m = face.landmarks
            let points = [("right eye", m.rightEye), ("left eye", m.leftEye), ("nose", m.noseTip), ("mouth", m.mouth), ("right ear", m.rightEar), ("left ear", m.leftEar)]
            lines.append("face \(i + 1) landmarks: " + points.map { "\($0.0) \(String(format: "%.0f,%.0f", $0.1.x, $0.1.y))" }.joined(separator: "; "))
        }
        lines.append("dominant emotion (largest face): \(response.dominantEmotion.label)")
        let mean = zip(Moodmusic_V1_Emotion.ferOrder, response.meanProbabilities).map { "\($0.label) \(String(format: "%.2f", $1))" }
        lines.append("mean over faces: \(mean.joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }
}
