import Testing

@testable import MoodMusicVideo

@Suite struct SamplePlanTests {
    @Test func instantsAreEveryIntervalStrictlyBeforeTheEnd() {
        let plan = SamplePlan(duration: 10, framesPerSecond: 2, maxFrames: 600)
        #expect(plan.interval == 0.5 && plan.count == 20)
        #expect(plan.target(19) == 9.5 && plan.contains(19) && !plan.contains(20))
        #expect(SamplePlan(duration: 10.2, framesPerSecond: 2, maxFrames: 600).count == 21)
        #expect(SamplePlan(duration: 0.1, framesPerSecond: 2, maxFrames: 600).count == 1)
    }

    @Test func theCapSpreadsFramesOverTheWholeClip() {
        let plan = SamplePlan(duration: 600, framesPerSecond: 2, maxFrames: 100)
        #expect(plan.interval == 6 && plan.count == 100)
        #expect(plan.target(99) == 594)
    }

    @Test func anUnknownDurationSamplesAtTheRateUpToTheCap() {
        let plan = SamplePlan(duration: nil, framesPerSecond: 4, maxFrames: 7)
        #expect(plan.interval == 0.25 && plan.count == nil)
        #expect(plan.contains(6) && !plan.contains(7))
        #expect(SamplePlan(duration: .infinity, framesPerSecond: 1, maxFrames: 3).count == nil)
    }

    @Test func seekingOnlyWhenAKeyframeLiesAheadOfWhatWasDecoded() {
        #expect(SamplePlan.shouldSeek(keyframeBeforeTarget: 4, decodedUpTo: 2.5))
        #expect(!SamplePlan.shouldSeek(keyframeBeforeTarget: 2, decodedUpTo: 2.5))
        #expect(!SamplePlan.shouldSeek(keyframeBeforeTarget: nil, decodedUpTo: 2.5))
        #expect(!SamplePlan.shouldSeek(keyframeBeforeTarget: 0, decodedUpTo: nil))
        #expect(SamplePlan.shouldSeek(keyframeBeforeTarget: 3, decodedUpTo: nil))
    }

    @Test func aFrameServesAnInstantFromHalfAFrameBeforeIt() {
        #expect(SamplePlan.frame(at: 0.96, serves: 1.0, frameDuration: 0.1))
        #expect(!SamplePlan.frame(at: 0.9, serves: 1.0, frameDuration: 0.1))
        #expect(SamplePlan.frame(at: 1.7, serves: 1.0, frameDuration: 0.1))
    }
}

@Suite struct SamplingOptionsTests {
    let limits = VideoLimits(maxFrames: 100, maxFramesPerSecond: 10)

    @Test func defaultsAndLimits() throws {
        let resolved = try SamplingOptions().validated(against: limits)
        #expect(resolved.framesPerSecond == 2 && resolved.maxFrames == 100)
        #expect(try SamplingOptions(framesPerSecond: 10, maxFrames: 1).validated(against: limits).maxFrames == 1)
    }

    @Test func everyOutOfRangeValueIsRefusedWithItsName() {
        for bad in [SamplingOptions(framesPerSecond: 0), SamplingOptions(framesPerSecond: -1), SamplingOptions(framesPerSecond: .nan),
                    SamplingOptions(framesPerSecond: .infinity), SamplingOptions(framesPerSecond: 10.5)] {
            #expect(Self.error(bad, limits).contains("fps"))
        }
        for cap in [0, -3, 101] {
            #expect(Self.error(SamplingOptions(maxFrames: cap), limits).contains("max_frames"))
        }
    }

    static func error(_ options: SamplingOptions, _ limits: VideoLimits) -> String {
        do {
            _ = try options.validated(against: limits)
            return "no error"
        } catch {
            return error.description
        }
    }
}
