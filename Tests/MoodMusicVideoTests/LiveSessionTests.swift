import Testing

import MoodMusicVision
import MoodMusicVocabulary
@testable import MoodMusicVideo

private let second: UInt64 = 1_000_000_000

private func scored(_ probabilities: [Float], side: Int = 40, x: Int = 0) -> EmotionPipeline.ScoredFace {
    EmotionPipeline.ScoredFace(box: FaceBox(x: x, y: 0, width: side, height: side), probabilities: probabilities)
}

@Suite struct LiveSessionTests {
    @Test func theRunningEmotionIsAnExponentialMovingAverageWithTheSetSmoothing() {
        var session = LiveSession(settings: LiveSessionSettings(smoothing: 0.25), now: 0)
        let first = session.add(faces: [scored(Emotion.happy.oneHot)], at: 1 * second)
        #expect(first.sequence == 0 && first.smoothedProbabilities == Emotion.happy.oneHot)
        let second_ = session.add(faces: [scored(Emotion.sad.oneHot)], at: 2 * second)
        #expect(second_.sequence == 1)
        #expect(second_.smoothedProbabilities[Emotion.happy.rawValue] == 0.75)
        #expect(second_.smoothedProbabilities[Emotion.sad.rawValue] == 0.25)
        #expect(second_.smoothedEmotion == .happy)
        #expect(second_.frameProbabilities == Emotion.sad.oneHot)
        // Three more sad frames: happy 0.75·0.75³ ≈ 0.316 < sad.
        var last = second_
        for i in 3...5 { last = session.add(faces: [scored(Emotion.sad.oneHot)], at: UInt64(i) * second) }
        #expect(last.smoothedEmotion == .sad)
        #expect(abs(last.smoothedProbabilities[Emotion.happy.rawValue] - 0.75 * 0.75 * 0.75 * 0.75) < 1e-6)
    }

    @Test func smoothingOneFollowsEveryFrameAndAFacelessFrameLeavesTheAverage() {
        var session = LiveSession(settings: LiveSessionSettings(smoothing: 1), now: 0)
        #expect(session.add(faces: [], at: 0).smoothedProbabilities.isEmpty)
        _ = session.add(faces: [scored(Emotion.fear.oneHot)], at: 1)
        #expect(session.add(faces: [scored(Emotion.angry.oneHot)], at: 2).smoothedProbabilities == Emotion.angry.oneHot)
        let empty = session.add(faces: [], at: 3)
        #expect(empty.frameProbabilities.isEmpty && empty.smoothedProbabilities == Emotion.angry.oneHot)
        #expect(session.framesSeen == 4)
    }

    @Test func aFramesProbabilitiesAreItsFacesAveragedByArea() {
        var session = LiveSession(settings: LiveSessionSettings(smoothing: 1), now: 0)
        // 30×30 happy and 10×10 sad: 900 : 100.
        let result = session.add(faces: [scored(Emotion.happy.oneHot, side: 30), scored(Emotion.sad.oneHot, side: 10, x: 100)], at: 0)
        #expect(abs(result.frameProbabilities[Emotion.happy.rawValue] - 0.9) < 1e-6)
        #expect(result.faces.map(\.trackID) == [1, 2])
        let next = session.add(faces: [scored(Emotion.sad.oneHot, side: 10, x: 102), scored(Emotion.happy.oneHot, side: 30, x: 2)], at: 500_000_000)
        #expect(next.faces.map(\.trackID) == [2, 1])
    }

    @Test func theIdleDeadlineMovesWithEachFrameAndNeverOverflows() {
        var session = LiveSession(settings: LiveSessionSettings(idleTimeoutNanoseconds: 5 * second), now: 10 * second)
        #expect(session.deadline == 15 * second)
        #expect(!session.isExpired(at: 14 * second) && session.isExpired(at: 15 * second))
        _ = session.add(faces: [], at: 14 * second)
        #expect(session.deadline == 19 * second && !session.isExpired(at: 16 * second))
        let forever = LiveSession(settings: LiveSessionSettings(idleTimeoutNanoseconds: .max), now: 3)
        #expect(forever.deadline == .max)
    }

    @Test func settingsOutsideTheirRangesAreNamed() {
        let max = 60 * second
        #expect(LiveSessionSettings().problem(maxIdleTimeoutNanoseconds: max) == nil)
        #expect(LiveSessionSettings(smoothing: 0).problem(maxIdleTimeoutNanoseconds: max)?.contains("smoothing") == true)
        #expect(LiveSessionSettings(smoothing: 1.5).problem(maxIdleTimeoutNanoseconds: max) != nil)
        #expect(LiveSessionSettings(smoothing: .nan).problem(maxIdleTimeoutNanoseconds: max) != nil)
        #expect(LiveSessionSettings(idleTimeoutNanoseconds: 61 * second).problem(maxIdleTimeoutNanoseconds: max)?.contains("idle") == true)
        #expect(LiveSessionSettings(idleTimeoutNanoseconds: 0).problem(maxIdleTimeoutNanoseconds: max) != nil)
    }
}

@Suite struct LiveSessionTableTests {
    let settings = LiveSessionSettings(idleTimeoutNanoseconds: 2 * second)

    @Test func idleSessionsAreRemovedAndTheirFramesRefused() throws {
        var table = LiveSessionTable(maxSessions: 4)
        try table.open(id: "a", settings: settings, now: 0)
        try table.open(id: "b", settings: settings, now: 1 * second)
        #expect(table.nextDeadline == 2 * second)
        _ = try table.frame(id: "a", faces: [], now: 1 * second + 500)
        #expect(table.nextDeadline == 3 * second)
        #expect(table.expire(now: 3 * second) == ["b"])
        #expect(table.expire(now: 4 * second) == ["a"])
        #expect(table.count == 0 && table.nextDeadline == nil)
        #expect(throws: LiveSessionError.unknown("a")) { try table.frame(id: "a", faces: [], now: 3 * second) }
    }

    @Test func aFramePastTheDeadlineIsRefusedEvenBeforeExpiryRuns() throws {
        var table = LiveSessionTable(maxSessions: 1)
        try table.open(id: "s", settings: settings, now: 0)
        #expect(throws: LiveSessionError.unknown("s")) { try table.frame(id: "s", faces: [], now: 2 * second) }
        #expect(!table.contains("s"))
    }

    @Test func theTableIsBoundedAndClosingFreesASlot() throws {
        var table = LiveSessionTable(maxSessions: 2)
        try table.open(id: "a", settings: settings, now: 0)
        #expect(throws: LiveSessionError.duplicate("a")) { try table.open(id: "a", settings: settings, now: 0) }
        try table.open(id: "b", settings: settings, now: 0)
        #expect(throws: LiveSessionError.tooManySessions(limit: 2)) { try table.open(id: "c", settings: settings, now: 0) }
        let closed = table.close(id: "a"), closedAgain = table.close(id: "a")
        #expect(closed && !closedAgain)
        try table.open(id: "c", settings: settings, now: 0)
        // Opening also sweeps idle sessions, so a full table of stale sessions takes new ones.
        try table.open(id: "d", settings: settings, now: 5 * second)
        #expect(table.count == 1 && table.contains("d"))
    }
}
