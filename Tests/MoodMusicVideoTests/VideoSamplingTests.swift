import Testing

@testable import MoodMusicVideo

/// Sampling real encoded clips: times, seeking, containers, pixel values.
@Suite struct VideoSamplingTests {
    static func sample(_ bytes: [UInt8], _ options: SamplingOptions = .init(), limits: VideoLimits = .init())
        throws -> (info: VideoStreamInfo, frames: [SampledFrame], stats: SamplingStats) {
        let sampler = try VideoFrameSampler(bytes: bytes, limits: limits)
        var frames: [SampledFrame] = []
        let stats = try sampler.sample(options: options) { frames.append($0) }
        return (sampler.info, frames, stats)
    }

    static func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 0.021 }
    }

    @Test func indexedContainerSeeksInsteadOfDecodingEverything() throws {
        // 20 s at 25 fps, a keyframe every second, sampled every 2 s.
        let mp4 = try VideoFixtures.testPattern("clip.mp4", seconds: 20)
        let (info, frames, stats) = try Self.sample(mp4, SamplingOptions(framesPerSecond: 0.5))
        #expect(info.hasIndex && info.codec == "h264" && info.width == 160 && info.height == 120)
        #expect(Self.close(frames.map(\.time), stride(from: 0.0, to: 20, by: 2).map { $0 }))
        #expect(stats.seeks >= 9)
        // Each sample costs about one keyframe's decode; decoding all 500 frames is what seeking avoids.
        #expect(stats.decodedFrames <= 60)
        #expect(stats.sampledFrames == 10)
    }

    @Test func containerWithoutIndexDecodesForwardToTheSameInstants() throws {
        let ts = try VideoFixtures.testPattern("clip.ts", seconds: 20)
        let (info, frames, stats) = try Self.sample(ts, SamplingOptions(framesPerSecond: 0.5))
        #expect(!info.hasIndex)
        #expect(Self.close(frames.map(\.time), stride(from: 0.0, to: 20, by: 2).map { $0 }))
        #expect(stats.seeks == 0)
        #expect(stats.decodedFrames >= 18 * 25)
    }

    @Test func theFrameCapSpreadsSamplesOverTheClip() throws {
        let mp4 = try VideoFixtures.testPattern("clip.mp4", seconds: 10)
        let (_, frames, stats) = try Self.sample(mp4, SamplingOptions(framesPerSecond: 2, maxFrames: 4))
        #expect(stats.interval == 2.5)
        #expect(Self.close(frames.map(\.time), [0, 2.5, 5, 7.5]))
        #expect(frames.map(\.index) == [0, 1, 2, 3])
    }

    @Test func samplingFasterThanTheVideoNeverRepeatsAFrame() throws {
        let slow = try VideoFixtures.testPattern("slow.mp4", seconds: 3, rate: 1, gop: 1)
        let (_, frames, _) = try Self.sample(slow, SamplingOptions(framesPerSecond: 4))
        #expect(Self.close(frames.map(\.time), [0, 1, 2]))
    }

    @Test func webmVP9AndMJPEGInAVIDecode() throws {
        let webm = try VideoFixtures.testPattern("clip.webm", seconds: 2, rate: 10, gop: 10,
                                                 codec: ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "200k"])
        let avi = try VideoFixtures.testPattern("clip.avi", seconds: 2, rate: 10, gop: 1, codec: ["-c:v", "mjpeg", "-q:v", "5"])
        for (bytes, codec) in [(webm, "vp9"), (avi, "mjpeg")] {
            let (info, frames, _) = try Self.sample(bytes)
            #expect(info.codec.hasPrefix(codec), "\(info.codec)")
            #expect(Self.close(frames.map(\.time), [0, 0.5, 1.0, 1.5]), "\(codec): \(frames.map(\.time))")
            #expect(frames.allSatisfy { $0.image.width == 160 && $0.image.height == 120 })
        }
    }

    @Test func grayscaleKeepsTheFullRange() throws {
        for (color, expected) in [("black", 0), ("white", 255), ("0x808080", 128)] {
            let clip = try VideoFixtures.make("\(color).mp4", ["-f", "lavfi", "-i", "color=c=\(color):size=64x48:rate=5:duration=1",
                                                              "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"])
            let (_, frames, _) = try Self.sample(clip)
            let pixels = try #require(frames.first?.image.pixels)
            let mean = pixels.reduce(0) { $0 + Int($1) } / pixels.count
            #expect(abs(mean - expected) <= 3, "\(color): mean \(mean)")
        }
    }
}
