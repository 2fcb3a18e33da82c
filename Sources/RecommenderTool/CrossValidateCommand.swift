import ArgumentParser
import Foundation
import MoodMusicRecommender

struct CrossValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cv",
        abstract: "Stratified k-fold cross-validation accuracy of the mood classifier on data_moods.csv."
    )

    @Option(help: "data_moods.csv (default: the committed one).")
    var moods: String?

    @Option(help: "Number of folds.")
    var folds = 10

    @Option(help: "Seed of the fold shuffle.")
    var seed: UInt64 = 0

    @Option(help: "RBF kernel width γ (on min-max-scaled features).")
    var gamma = MoodClassifier.Settings().gamma

    @Option(help: "L2 penalty λ.")
    var lambda = MoodClassifier.Settings().lambda

    @Option(help: "Threads (folds run in parallel).")
    var threads = 1

    @Option(help: "Write each row's fold number here (one per line, data order), for replaying the split in scikit-learn.")
    var foldsOut: String?

    func run() throws {
        let (data, skipped) = try MoodTrainingSet.load(path: moods ?? DataPaths.moods)
        let settings = MoodClassifier.Settings(gamma: gamma, lambda: lambda)
        let started = Date()
        let result = CrossValidation.run(data: data, folds: folds, seed: seed, settings: settings, threads: threads)
        let seconds = Date().timeIntervalSince(started)
        print("rows: \(data.count) (skipped \(skipped.count))  folds: \(folds)  seed: \(seed)  gamma: \(gamma)  lambda: \(lambda)")
        print("fold accuracies: " + result.foldAccuracies.map { String(format: "%.3f", $0) }.joined(separator: " "))
        print(String(format: "accuracy: %.4f (mean of folds), %.4f (pooled)  [%.1f s]", result.accuracy, result.pooledAccuracy, seconds))
        if let foldsOut {
            try (result.folds.map(String.init).joined(separator: "\n") + "\n").write(toFile: foldsOut, atomically: true, encoding: .utf8)
        }
    }
}
