import Testing

@testable import MoodMusicVideo

/// Bad inputs: each gets its own error, and those over a limit say so (RESOURCE_EXHAUSTED).
@Suite struct VideoInputErrorTests {
    static func error(_ bytes: [UInt8], limits: VideoLimits = .init(), options: SamplingOptions = .init()) -> VideoDecodingError? {
        do {
            let sampler = try VideoFrameSampler(bytes: bytes, limits: limits)
            _ = try sampler.sample(options: options) { _ in }
            return nil
        } catch let error as VideoDecodingError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func emptyInput() {
        #expect(Self.error([]) == .empty)
    }

    @Test func randomBytesAreNotAContainer() throws {
        var state: UInt32 = 12345
        let noise = (0..<65_536).map { _ -> UInt8 in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }
        let error = try #require(Self.error(noise))
        guard case .unreadable = error else { Issue.record("expected unreadable, got \(error)"); return }
        #expect(!error.isOverLimit)
        #expect(error.description.hasPrefix("not a readable video container"))
    }

    @Test func truncatedVideoWithItsIndexFirstSaysWhereTheDataEnds() throws {
        let whole = try VideoFixtures.testPattern("clip.mp4", seconds: 10, extra: ["-movflags", "+faststart"])
        #expect(Self.error(whole) == nil)
        let error = try #require(Self.error(Array(whole.prefix(whole.count / 2))))
        guard case .truncated(let declared, let ends) = error else { Issue.record("expected truncated, got \(error)"); return }
        #expect(abs(declared - 10) < 0.1)
        #expect(ends > 1 && ends < 9)
        #expect(error.description.contains("truncated"))
    }

    @Test func truncatedVideoWithItsIndexLastIsUnreadable() throws {
        let whole = try VideoFixtures.testPattern("clip.mp4", seconds: 4)
        let error = try #require(Self.error(Array(whole.prefix(whole.count * 3 / 4))))
        guard case .unreadable = error else { Issue.record("expected unreadable, got \(error)"); return }
    }

    @Test func audioOnlyHasNoVideoStream() throws {
        let wav = try VideoFixtures.make("tone.wav", ["-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "pcm_s16le"])
        #expect(Self.error(wav) == .noVideoStream)
        let m4a = try VideoFixtures.make("tone.m4a", ["-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac"])
        #expect(Self.error(m4a) == .noVideoStream)
        #expect(VideoDecodingError.noVideoStream.description == "the file has no video stream")
    }

    @Test func coverArtIsNotAVideo() throws {
        let bytes = try VideoFixtures.make("song.mp3", [
            "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-f", "lavfi", "-i", "color=c=red:size=64x64:duration=1",
            "-map", "0", "-map", "1", "-frames:v", "1", "-c:a", "libmp3lame", "-c:v", "mjpeg", "-disposition:v:0", "attached_pic",
        ])
        #expect(Self.error(bytes) == .noVideoStream)
    }

    @Test func overTheByteLimit() throws {
        let clip = try VideoFixtures.testPattern("clip.mp4", seconds: 1)
        let error = Self.error(clip, limits: VideoLimits(maxBytes: clip.count - 1))
        #expect(error == .tooLarge(bytes: clip.count, limit: clip.count - 1))
        #expect(error?.isOverLimit == true)
        #expect(Self.error(clip, limits: VideoLimits(maxBytes: clip.count)) == nil)
    }

    @Test func framesOverThePixelLimit() throws {
        let clip = try VideoFixtures.testPattern("clip.mp4", seconds: 1, size: "320x240")
        let error = Self.error(clip, limits: VideoLimits(maxPixels: 320 * 240 - 1))
        #expect(error == .frameTooLarge(width: 320, height: 240, limit: 320 * 240 - 1))
        #expect(error?.isOverLimit == true)
        #expect(error?.description == "the video's frames are 320x240; the limit is 76799 pixels per frame")
    }

    @Test func badSamplingOptionsAreInvalidNotOverLimit() throws {
        let clip = try VideoFixtures.testPattern("clip.mp4", seconds: 1)
        let error = try #require(Self.error(clip, options: SamplingOptions(framesPerSecond: 0)))
        guard case .invalidOptions = error else { Issue.record("expected invalidOptions, got \(error)"); return }
        #expect(!error.isOverLimit)
    }
}
