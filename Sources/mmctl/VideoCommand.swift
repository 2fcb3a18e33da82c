import ArgumentParser
import Foundation
import MoodMusicClient
import MoodMusicVideo
import MoodMusicWire

struct VideoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "video",
        abstract: "Emotions over time in a video file (MP4, WebM, AVI, ...), through the gateway's video workers.",
        discussion: "Prints the clip, its face tracks and a timeline of segments; --csv one row per sampled frame and face; --json the whole reply.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var detection: DetectionFlags

    @Argument(help: "The video file.")
    var file: String

    @Option(help: "Frames sampled per second of video.")
    var fps: Float = 2

    @Option(help: "At most this many sampled frames (0: the service's cap).")
    var maxFrames: UInt32 = 0

    @Flag(help: "One CSV row per sampled frame and face: time, frame, track, box, the seven probabilities.")
    var csv = false

    @Flag(help: "Also recommend songs for the clip's emotion (RecommendForVideo).")
    var recommend = false

    @Option(help: "Songs to recommend with --recommend.")
    var k: UInt32 = 20

    @Option(help: "Bytes per upload chunk.")
    var chunkBytes = 1 << 20

    func validate() throws {
        guard fps > 0, fps.isFinite else { throw ValidationError("--fps must be positive") }
        guard chunkBytes >= 1024, chunkBytes <= 32 << 20 else { throw ValidationError("--chunk-bytes must be 1024...33554432") }
        if csv && global.json { throw ValidationError("choose one of --csv and --json") }
    }

    func run() throws {
        let video = try readImage(file)
        var options = Moodmusic_V1_VideoOptions()
        options.fps = fps
        options.maxFrames = maxFrames
        if let detection = detection.options { options.detection = detection }
        let bar = isatty(2) != 0 ? UploadProgress() : nil
        let pacing = MoodMusicClient.UploadPacing(chunkBytes: chunkBytes)
        let analysis: Moodmusic_V1_VideoAnalysis
        var songs: Moodmusic_V1_RecommendForVideoResponse?
        if recommend {
            var request = Moodmusic_V1_RecommendRequest()
            request.k = k
            let response = try global.withClient { client throws(RPCError) in
                try client.recommendForVideo(video, options: options, recommend: request, pacing: pacing, progress: bar?.update,
                                             frameProgress: bar?.frames)
            }
            analysis = response.analysis
            songs = response
        } else {
            analysis = try global.withClient { client throws(RPCError) in
                try client.analyzeVideo(video, options: options, pacing: pacing, progress: bar?.update, frameProgress: bar?.frames)
            }.analysis
        }
        bar?.finish(frames: analysis.frames.count)
        if global.json {
            print(try songs.map { try VideoJSON.render(message: $0, framesAt: ["analysis"]) } ?? VideoJSON.render(analysis))
        } else if csv {
            print(VideoCSV.render(analysis), terminator: "")
        } else {
            print(VideoTimelineText.render(analysis), terminator: "")
            if let songs {
                if songs.usedNeutralFallback { print("no face found: songs chosen for 'neutral'") }
                print("")
                print(SongsReport(songs.recommendations).render())
            }
        }
    }
}

/// The progress bar on stderr: bytes uploaded, then frames decoded and analysed as the service
/// reports them (VideoProgress.Get), then the total.
final class UploadProgress {
    func frames(decoded: Int, analysed: Int) {
        let line = decoded == 0 ? "decoding the video..." : ProgressBar.line(done: analysed, total: decoded, unit: "frames analysed (\(decoded) decoded so far)")
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
    }

    func update(done: Int, total: Int) {
        let line = ProgressBar.line(done: done >> 10, total: max(1, total >> 10), unit: "KiB uploaded")
        FileHandle.standardError.write(Data(("\r" + line + (done >= total ? ", analysing..." : "")).utf8))
    }

    func finish(frames: Int) {
        FileHandle.standardError.write(Data(("\r" + ProgressBar.line(done: frames, total: frames, unit: "frames analysed") + "\u{1B}[K\n").utf8))
    }
}
