import ArgumentParser
import MoodMusicWorker

struct VideoRoleOptions: ParsableArguments {
    @Option(help: "The gateway's client endpoint, where the video role calls DetectEmotions and Recommend. Env: MOODMUSIC_GATEWAY. Default: tcp://127.0.0.1:5555.")
    var gatewayFrontend: String?

    @Option(help: "Sampled frames in flight to the emotion workers per video, at most.")
    var videoWindow = 8

    @Option(help: "Largest video frame accepted, in pixels.")
    var videoMaxPixels = 3840 * 2160

    @Option(help: "Most frames sampled from one video (a request may ask for fewer).")
    var videoMaxFrames = 600
}

extension VideoRoleOptions {
    var settings: VideoRoleSettings {
        VideoRoleSettings(frontend: gatewayFrontend, window: videoWindow, maxPixels: videoMaxPixels, maxFrames: videoMaxFrames)
    }
}
