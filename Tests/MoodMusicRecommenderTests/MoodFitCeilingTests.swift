import MoodMusicVocabulary
import Testing
@testable import MoodMusicRecommender

@Suite struct MoodFitCeilingTests {
    @Test func onlyRelevantTracksWithATargetMoodCanBeHits() {
        let moods: [MusicMood] = [.happy, .sad, .sad, .calm]
        #expect(MoodFitCeiling.recall(relevantMoods: moods, targetMoods: [.happy], k: 40) == 0.25)
        #expect(MoodFitCeiling.recall(relevantMoods: moods, targetMoods: [.sad, .calm], k: 40) == 0.75)
        #expect(MoodFitCeiling.recall(relevantMoods: moods, targetMoods: Set(MusicMood.allCases), k: 40) == 1)
        #expect(MoodFitCeiling.recall(relevantMoods: moods, targetMoods: [.energetic], k: 40) == 0)
    }

    @Test func hitsAndTheDenominatorAreCappedAtK() {
        // 100 relevant, 30 with a target mood: at most 30 of min(40, 100) = 40.
        let moods = Array(repeating: MusicMood.happy, count: 30) + Array(repeating: MusicMood.sad, count: 70)
        #expect(MoodFitCeiling.recall(relevantMoods: moods, targetMoods: [.happy], k: 40) == 0.75)
        // 60 with a target mood: a full list of 40 hits.
        let many = Array(repeating: MusicMood.happy, count: 60) + Array(repeating: MusicMood.sad, count: 40)
        #expect(MoodFitCeiling.recall(relevantMoods: many, targetMoods: [.happy], k: 40) == 1)
        #expect(MoodFitCeiling.recall(relevantMoods: many, targetMoods: [.sad], k: 40) == 1)
        #expect(MoodFitCeiling.recall(relevantMoods: many, targetMoods: [.sad], k: 50) == 0.8)
    }

    @Test func nothingRelevantGivesZero() {
        #expect(MoodFitCeiling.recall(relevantMoods: [], targetMoods: [.happy], k: 40) == 0)
        #expect(MoodFitCeiling.recall(relevantMoods: [.happy], targetMoods: [.happy], k: 0) == 0)
    }
}
