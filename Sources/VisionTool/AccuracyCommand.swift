import ArgumentParser
import MoodMusicVocabulary
import Foundation
import MoodMusicVision

/// `vision-tool accuracy`: top-1 accuracy of the emotion model on FER2013 PublicTest, with a confusion matrix,
/// per-class recall and throughput.
struct AccuracyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accuracy",
        abstract: "Emotion-model accuracy on the FER2013 public-test set (48×48 faces, resized to the model input as fer does).")

    @Option(help: "FER2013 records: gzip of 2305-byte records (label byte + 48×48 pixels). Relative paths are from the current directory.")
    var data = "../shared/data/fer2013/publictest.bin.gz"

    @Option(help: "Emotion model: a name (fer, moodnet: their default files) or a file (.hdf5 Keras, .onnx). Default: the service's default model (fer).")
    var model: String?

    @Option(help: "Faces per forward pass.")
    var batch = 8

    @Option(help: "Use only the first N images.")
    var limit: Int?

    func validate() throws {
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
    }

    func run() throws {
        let named = EmotionModelName(rawValue: model ?? EmotionModelName.serviceDefault.rawValue)
        let modelPath = named?.defaultPath() ?? model!
        let emotionModel = try named?.load() ?? EmotionModel.load(path: modelPath)
        var records = try FER2013Records.load(path: data)
        if let limit { records = Array(records.prefix(limit)) }
        guard !records.isEmpty else { throw ValidationError("no images in \(data)") }
        let classifier = EmotionClassifier(model: emotionModel)

        let classes = Emotion.allCases.count
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        let start = Date()
        let startCPU = threadCPUSeconds()
        for first in stride(from: 0, to: records.count, by: batch) {
            let chunk = records[first..<min(first + batch, records.count)]
            let probabilities = classifier.classify(croppedFaces: chunk.map(\.image))
            for (record, scores) in zip(chunk, probabilities) {
                let predicted = Emotion.mostLikely(scores)!
                confusion[record.label.rawValue][predicted.rawValue] += 1
            }
        }
        let seconds = Date().timeIntervalSince(start)
        let cpuSeconds = threadCPUSeconds() - startCPU

        let correct = (0..<classes).map { confusion[$0][$0] }.reduce(0, +)
        print("model:    \(modelPath)")
        print("data:     \(data) (\(records.count) images)")
        print(String(format: "accuracy: %.2f%% (%d/%d)", 100 * Double(correct) / Double(records.count), correct, records.count))
        print(String(format: "speed:    %.0f images/s, %.3f ms/image wall, %.3f ms/image CPU (batch %d, one thread, resize + CNN)",
                     Double(records.count) / seconds, 1000 * seconds / Double(records.count),
                     1000 * cpuSeconds / Double(records.count), batch))
        print("")
        printConfusion(confusion)
    }

    /// CPU time of the calling thread: unlike wall time, not inflated by other processes on a shared machine.
    private func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Rows: true label; columns: predicted label; last column: recall.
    private func printConfusion(_ confusion: [[Int]]) {
        let names = Emotion.allCases.map(\.description)
        let header = ["true \\ predicted"] + names + ["total", "recall"]
        print(header.map { $0.padding(toLength: max(8, $0.count), withPad: " ", startingAt: 0) }.joined(separator: " "))
        for (index, row) in confusion.enumerated() {
            let total = row.reduce(0, +)
            let recall = total > 0 ? String(format: "%.1f%%", 100 * Double(row[index]) / Double(total)) : "-"
            let cells = [names[index]] + row.map(String.init) + [String(total), recall]
            print(zip(cells, header).map { cell, title in cell.padding(toLength: max(8, title.count), withPad: " ", startingAt: 0) }.joined(separator: " "))
        }
    }
}
