import Testing

import MoodMusicVision
@testable import MoodMusicVideo

@Suite struct FaceTrackerTests {
    @Test func overlapIsOneForEqualBoxesZeroForDisjointAndExactInBetween() {
        let a = FaceBox(x: 0, y: 0, width: 10, height: 10)
        #expect(intersectionOverUnion(a, a) == 1)
        #expect(intersectionOverUnion(a, FaceBox(x: 10, y: 0, width: 10, height: 10)) == 0)
        // Half of a overlaps b: 50 / (100 + 100 - 50).
        #expect(abs(intersectionOverUnion(a, FaceBox(x: 5, y: 0, width: 10, height: 10)) - 50.0 / 150.0) < 1e-12)
        #expect(intersectionOverUnion(a, FaceBox(x: 0, y: 0, width: 0, height: 0)) == 0)
    }

    @Test func movingFacesKeepTheirIdsAndANewFaceGetsANewOne() {
        var tracker = FaceTracker()
        let left = FaceBox(x: 10, y: 10, width: 100, height: 100), right = FaceBox(x: 300, y: 10, width: 100, height: 100)
        #expect(tracker.assign([left, right], at: 0) == [1, 2])
        // Both drift a little and arrive in the other order.
        let left2 = FaceBox(x: 18, y: 12, width: 100, height: 100), right2 = FaceBox(x: 292, y: 8, width: 104, height: 104)
        #expect(tracker.assign([right2, left2], at: 0.5) == [2, 1])
        let middle = FaceBox(x: 160, y: 10, width: 100, height: 100)
        #expect(tracker.assign([left2, middle, right2], at: 1.0) == [1, 3, 2])
    }

    @Test func aFaceGoneLongerThanTheGapComesBackUnderANewIdAndIdsAreNeverReused() {
        var tracker = FaceTracker(maxGap: 1.0)
        let box = FaceBox(x: 0, y: 0, width: 50, height: 50)
        #expect(tracker.assign([box], at: 0) == [1])
        #expect(tracker.assign([], at: 0.5) == [])
        #expect(tracker.assign([box], at: 1.0) == [1])  // gap of 1.0 s: still the same face
        #expect(tracker.assign([], at: 1.5) == [])
        #expect(tracker.assign([box], at: 2.6) == [2])  // gap of 1.6 s: a new track
        #expect(tracker.assign([box, FaceBox(x: 200, y: 0, width: 50, height: 50)], at: 2.7) == [2, 3])
    }

    @Test func eachTrackTakesAtMostOneBoxAndTheBestOverlapWins() {
        var tracker = FaceTracker()
        #expect(tracker.assign([FaceBox(x: 0, y: 0, width: 100, height: 100)], at: 0) == [1])
        // Two boxes overlap track 1; the closer one continues it, the other starts track 2.
        let near = FaceBox(x: 5, y: 0, width: 100, height: 100), far = FaceBox(x: 40, y: 0, width: 100, height: 100)
        #expect(tracker.assign([far, near], at: 0.5) == [2, 1])
        // Below the overlap threshold: no continuation.
        var strict = FaceTracker(minimumOverlap: 0.9)
        _ = strict.assign([FaceBox(x: 0, y: 0, width: 100, height: 100)], at: 0)
        #expect(strict.assign([FaceBox(x: 10, y: 0, width: 100, height: 100)], at: 0.5) == [2])
    }
}
