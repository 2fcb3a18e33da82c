import MoodMusicProtos
import MoodMusicWire
import Testing

@Suite struct FaceCombinationTests {
    func face(_ probabilities: [Float], width: Int32, height: Int32) -> Moodmusic_V1_Face {
        var f = Moodmusic_V1_Face()
        f.probabilities = probabilities
        f.box.width = width
        f.box.height = height
        return f
    }

    var faces: [Moodmusic_V1_Face] {
        [face([0, 0, 0, 1, 0, 0, 0], width: 10, height: 10),     // small happy face
         face([0, 0, 0, 0, 1, 0, 0], width: 30, height: 30)]     // large sad face
    }

    @Test func meanIsTheDefault() throws {
        let unspecified = try #require(FaceCombination.combine(faces, rule: .unspecified))
        #expect(unspecified.used == .mean)
        #expect(unspecified.probabilities == [0, 0, 0, 0.5, 0.5, 0, 0])
        #expect(try #require(FaceCombination.combine(faces, rule: .mean)).probabilities == unspecified.probabilities)
    }

    @Test func largestFaceWins() throws {
        let largest = try #require(FaceCombination.combine(faces, rule: .largest))
        #expect(largest.used == .largest)
        #expect(largest.probabilities == [0, 0, 0, 0, 1, 0, 0])
    }

    @Test func sizeWeightedMeanWeighsByArea() throws {
        let weighted = try #require(FaceCombination.combine(faces, rule: .sizeWeighted))
        #expect(weighted.used == .sizeWeighted)
        #expect(abs(weighted.probabilities[3] - 0.1) < 1e-6 && abs(weighted.probabilities[4] - 0.9) < 1e-6)
        // Zero-area boxes only: a plain mean rather than a division by zero.
        let flat = [face([1, 0, 0, 0, 0, 0, 0], width: 0, height: 5), face([0, 1, 0, 0, 0, 0, 0], width: -3, height: 5)]
        #expect(try #require(FaceCombination.combine(flat, rule: .sizeWeighted)).probabilities == [0.5, 0.5, 0, 0, 0, 0, 0])
    }

    @Test func unusableFacesAreSkippedAndNoneGivesNil() {
        let broken = [face([1, 0], width: 10, height: 10), face([.nan, 0, 0, 0, 0, 0, 1], width: 10, height: 10)]
        #expect(FaceCombination.combine(broken, rule: .mean) == nil)
        #expect(FaceCombination.combine([], rule: .largest) == nil)
        let mixed = broken + [face([0, 0, 0, 0, 0, 0, 1], width: 1, height: 1)]
        #expect(FaceCombination.combine(mixed, rule: .largest)?.probabilities == [0, 0, 0, 0, 0, 0, 1])
    }
}
