import Testing
import MoodMusicVocabulary
@testable import MoodMusicRecommender

@Suite struct ClassifierTests {
    static let data: MoodTrainingSet = try! MoodTrainingSet.load(path: TestData.moods).0
    /// Every third row and few iterations keep the suite fast in debug builds.
    static let small = data.subset(Array(stride(from: 0, to: data.count, by: 3)))
    static let settings = MoodClassifier.Settings(maxIterations: 60)

    @Test func trainingSetLoads() throws {
        let (data, skipped) = try MoodTrainingSet.load(path: TestData.moods)
        #expect(data.count == 686 && skipped.isEmpty)
        let counts = MusicMood.allCases.map { m in data.labels.filter { $0 == m }.count }
        #expect(counts == [140, 197, 154, 195])
    }

    @Test func foldsAreStratifiedAndSeeded() {
        let folds = CrossValidation.stratifiedFolds(labels: Self.data.labels, folds: 10, seed: 0)
        for mood in MusicMood.allCases {
            let perFold = (0..<10).map { f in Self.data.labels.indices.filter { Self.data.labels[$0] == mood && folds[$0] == f }.count }
            #expect(perFold.max()! - perFold.min()! <= 1)
        }
        #expect(folds == CrossValidation.stratifiedFolds(labels: Self.data.labels, folds: 10, seed: 0))
        #expect(folds != CrossValidation.stratifiedFolds(labels: Self.data.labels, folds: 10, seed: 1))
    }

    @Test func crossValidationIsReproducible() {
        let first = CrossValidation.run(data: Self.small, folds: 3, seed: 0, settings: Self.settings, threads: 2)
        let second = CrossValidation.run(data: Self.small, folds: 3, seed: 0, settings: Self.settings, threads: 1)
        #expect(first == second)
        // Well above the 0.29 of always answering the largest class.
        #expect(first.accuracy > 0.6)
    }

    @Test func sameSeedAndDataGiveTheSameModelBitForBit() {
        let a = MoodClassifier.train(on: Self.small, settings: Self.settings)
        let b = MoodClassifier.train(on: Self.small, settings: Self.settings)
        #expect(a.model.coefficients == b.model.coefficients)
        #expect(a.model.bias == b.model.bias)
        let row = Array(Self.data.features[0..<MoodFeatures.count])
        let p = a.probabilities(row)
        #expect(p == b.probabilities(row))
        #expect(abs(p.reduce(0, +) - 1) < 1e-9)
    }

    @Test func catalogProbabilitiesDoNotDependOnThreads() {
        let (catalog, _) = try! Catalog.load(tracksPath: TestData.temporaryFile(
            TestData.header + "\n" + (0..<50).map { TestData.row(id: "t\($0)", danceability: "0.\($0 % 10)") }.joined(separator: "\n")))
        let model = MoodClassifier.train(on: Self.small, settings: Self.settings)
        #expect(model.probabilities(for: catalog, threads: 1) == model.probabilities(for: catalog, threads: 3))
    }
}
