import MoodMusicVocabulary
/// The music-mood classifier: min-max scaling fitted on the training rows, then an RBF-kernel
/// multinomial logistic regression. Training is deterministic: the same rows and settings give
/// the same model bit for bit.
public struct MoodClassifier: Sendable {
    /// Hyperparameters. The defaults were chosen by cross-validation with seeds 1–3 (not the
    /// reported seed 0); docs/recommender.md has the grid.
    public struct Settings: Sendable, Equatable {
        /// RBF width on min-max-scaled features: k(x, z) = exp(−γ‖x − z‖²).
        public var gamma: Double
        /// L2 penalty on the kernel expansion (the RKHS norm).
        public var lambda: Double
        /// L-BFGS iteration cap.
        public var maxIterations: Int

        public init(gamma: Double = 0.5, lambda: Double = 1e-4, maxIterations: Int = 400) {
            self.gamma = gamma
            self.lambda = lambda
            self.maxIterations = maxIterations
        }
    }

    public let scaler: MinMaxScaler
    let model: KernelLogisticRegression

    /// Trains on every row of `data`.
    public static func train(on data: MoodTrainingSet, settings: Settings = Settings()) -> MoodClassifier {
        let scaler = MinMaxScaler(rows: data.features, width: MoodFeatures.count)
        let model = KernelLogisticRegression(
            points: scaler.transform(data.features), width: MoodFeatures.count,
            labels: data.labels.map(\.rawValue), classCount: MusicMood.allCases.count,
            settings: .init(gamma: settings.gamma, lambda: settings.lambda, maxIterations: settings.maxIterations)
        )
        return MoodClassifier(scaler: scaler, model: model)
    }

    /// Probabilities of the four moods (indexed by `MusicMood.rawValue`) for one row of raw
    /// (unscaled) features in `MoodTrainingSet.featureColumns` order.
    public func probabilities(_ raw: [Double]) -> [Double] {
        precondition(raw.count == MoodFeatures.count)
        let scaled = scaler.transform(raw)
        var out = [Double](repeating: 0, count: MusicMood.allCases.count)
        scaled.withUnsafeBufferPointer { s in out.withUnsafeMutableBufferPointer { model.probabilities(s, into: $0) } }
        return out
    }

    /// The most probable mood for one row of raw features.
    public func predict(_ raw: [Double]) -> MusicMood {
        let p = probabilities(raw)
        return MusicMood(rawValue: p.indices.max(by: { p[$0] < p[$1] })!)!
    }

    /// Mood probabilities for every catalog track (row-major, 4 per track, Float), computed on
    /// `threads` threads.
    public func probabilities(for catalog: Catalog, threads: Int = 1) -> [Float] {
        let n = catalog.count
        let columns = MoodFeatures.catalogColumns.map { catalog.column($0) }
        let moods = MusicMood.allCases.count
        var out = [Float](repeating: 0, count: n * moods)
        let chunks = max(1, min(threads, n / 1024 + 1))
        out.withUnsafeMutableBufferPointer { result in
            let resultBox = UnsafeSendable(result)
            ParallelFor.run(chunks: chunks) { chunk in
                let lo = n * chunk / chunks
                let hi = n * (chunk + 1) / chunks
                var scaled = [Double](repeating: 0, count: MoodFeatures.count)
                var p = [Double](repeating: 0, count: moods)
                for i in lo..<hi {
                    for f in 0..<MoodFeatures.count {
                        scaled[f] = (Double(columns[f][i]) - scaler.minimums[f]) / scaler.ranges[f]
                    }
                    scaled.withUnsafeBufferPointer { s in p.withUnsafeMutableBufferPointer { model.probabilities(s, into: $0) } }
                    for m in 0..<moods { resultBox.value[i * moods + m] = Float(p[m]) }
                }
            }
        }
        return out
    }
}
