import MoodMusicVocabulary
/// Stratified k-fold cross-validation of the mood classifier.
public enum CrossValidation {
    /// Fold numbers (0..<folds) for each row: within each mood the rows are shuffled with
    /// `SplitMix64(seed)` and dealt round-robin, so every fold has the same class mix.
    public static func stratifiedFolds(labels: [MusicMood], folds: Int, seed: UInt64) -> [Int] {
        var rng = SplitMix64(seed: seed)
        var assignment = [Int](repeating: 0, count: labels.count)
        var next = 0
        for mood in MusicMood.allCases {
            var rows = labels.indices.filter { labels[$0] == mood }
            rng.shuffle(&rows)
            for row in rows {
                assignment[row] = next % folds
                next += 1
            }
        }
        return assignment
    }

    public struct Result: Sendable, Equatable {
        /// Accuracy of each fold.
        public var foldAccuracies: [Double]
        /// The mean of the fold accuracies (scikit-learn's `cross_val_score(...).mean()`).
        public var accuracy: Double
        /// Correct predictions over all rows (each row is predicted once, by the model that did not see it).
        public var pooledAccuracy: Double
        /// The fold of every row, for replaying the same split elsewhere.
        public var folds: [Int]
    }

    /// Trains on all folds but one, tests on the held-out fold, for every fold.
    public static func run(
        data: MoodTrainingSet, folds: Int = 10, seed: UInt64 = 0,
        settings: MoodClassifier.Settings = .init(), threads: Int = 1
    ) -> Result {
        let assignment = stratifiedFolds(labels: data.labels, folds: folds, seed: seed)
        let correctByFold = UnsafeSendableArray<Int>(count: folds)
        let totalByFold = UnsafeSendableArray<Int>(count: folds)
        ParallelFor.run(chunks: max(1, min(threads, folds))) { worker in
            for fold in stride(from: worker, to: folds, by: max(1, min(threads, folds))) {
                let trainRows = data.labels.indices.filter { assignment[$0] != fold }
                let testRows = data.labels.indices.filter { assignment[$0] == fold }
                let model = MoodClassifier.train(on: data.subset(trainRows), settings: settings)
                let d = MoodFeatures.count
                var correct = 0
                for row in testRows where model.predict(Array(data.features[row * d..<(row + 1) * d])) == data.labels[row] {
                    correct += 1
                }
                correctByFold[fold] = correct
                totalByFold[fold] = testRows.count
            }
        }
        let correct = correctByFold.values
        let total = totalByFold.values
        let foldAccuracies = zip(correct, total).map { Double($0) / Double(max($1, 1)) }
        return Result(
            foldAccuracies: foldAccuracies,
            accuracy: foldAccuracies.reduce(0, +) / Double(folds),
            pooledAccuracy: Double(correct.reduce(0, +)) / Double(total.reduce(0, +)),
            folds: assignment
        )
    }
}

/// A fixed-size array that threads may write at distinct indices.
final class UnsafeSendableArray<Element>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Element>

    init(count: Int) where Element: ExpressibleByIntegerLiteral {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: 0)
    }

    deinit { storage.deallocate() }

    subscript(index: Int) -> Element {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    var values: [Element] { Array(storage) }
}
