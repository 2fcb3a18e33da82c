import ArgumentParser
import Foundation
import MoodMusicProtos
import MoodMusicVideo
import MoodMusicVision

/// `vision-tool video FILE`: samples a video, finds and scores faces in each sampled frame, tracks
/// them, and prints the timeline (or CSV, or JSON). All in this process, no service.
struct VideoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "video",
        abstract: "Emotions over time in a video file: timeline summary, --csv rows or --json."
    )

    @OptionGroup var detection: DetectionParameters

    @Option(help: "Frames sampled per second of video.")
    var fps: Double = SamplingOptions.defaultFramesPerSecond

    @Option(help: "At most this many frames (default: the limit, 600); longer clips are sampled more sparsely.")
    var maxFrames: Int?

    @Option(help: "Largest video accepted, in MiB.")
    var maxMegabytes: Int = 256

    @Option(help: "Emotion model (default: $MOODMUSIC_MODEL or models/emotion_model.hdf5).")
    var model: String?

    @Flag(help: "Print the whole analysis as JSON.")
    var json = false

    @Flag(help: "Print one CSV row per sampled frame and face.")
    var csv = false

    @Flag(help: "Also print one JSON line of timings to stderr (for scripts/bench-video).")
    var timings = false

    @Argument(help: "A video file FFmpeg reads: MP4, WebM, AVI, MKV, ...")
    var file: String

    func validate() throws {
        guard !(json && csv) else { throw ValidationError("--json and --csv exclude each other") }
        guard maxMegabytes > 0, maxMegabytes <= 4096 else { throw ValidationError("--max-megabytes must be in 1...4096") }
    }

    func run() throws {
        let started = DispatchTime.now().uptimeNanoseconds
        let bytes = try ImageFiles.read(file)
        let pipeline = EmotionPipeline(decoder: ImageDecoder(), detector: try detection.loadDetector(),
                                       classifier: EmotionClassifier(model: try EmotionModel.load(path: model ?? EmotionModel.defaultPath())))
        let analyzer = VideoAnalyzer(pipeline: pipeline, limits: VideoLimits(maxBytes: maxMegabytes << 20))
        let showProgress = isatty(STDERR_FILENO) != 0
        let loaded = DispatchTime.now().uptimeNanoseconds
        let analysis: VideoAnalysis
        do {
            analysis = try analyzer.analyze(bytes, sampling: SamplingOptions(framesPerSecond: fps, maxFrames: maxFrames),
                                            detection: detection.options) { done, total in
                guard showProgress else { return }
                FileHandle.standardError.write(Data(("\r" + ProgressBar.line(done: done, total: total)).utf8))
            }
        } catch let error as VideoDecodingError {
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            throw ValidationError("\(file): \(error)")
        }
        let finished = DispatchTime.now().uptimeNanoseconds
        if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        let message = Moodmusic_V1_VideoAnalysis(analysis)
        if json {
            print(try VideoJSON.render(message))
        } else if csv {
            print(VideoCSV.render(message), terminator: "")
        } else {
            print(VideoTimelineText.render(message), terminator: "")
        }
        if timings {
            let line: [String: Any] = [
                "sampled_frames": analysis.stats.sampledFrames, "decoded_frames": analysis.stats.decodedFrames,
                "seeks": analysis.stats.seeks, "faces": analysis.frames.reduce(0) { $0 + $1.faces.count },
                "decode_seconds": Double(analysis.stats.decodeNanoseconds) / 1e9,
                "analyze_seconds": Double(analysis.stats.analyzeNanoseconds) / 1e9,
                "total_seconds": Double(finished - loaded) / 1e9, "load_seconds": Double(loaded - started) / 1e9,
            ]
            let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
            FileHandle.standardError.write(data + Data("\n".utf8))
        }
    }
}
