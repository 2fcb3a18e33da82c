import ArgumentParser
import MoodMusicWorker

struct EmotionRoleOptions: ParsableArguments {
    @Option(help: "The Keras emotion model (HDF5). Env: MOODMUSIC_MODEL. Default: models/emotion_model.hdf5.")
    var model: String?

    @Option(help: "The OpenCV Haar cascade XML. Env: MOODMUSIC_CASCADE. Default: Debian opencv-data's frontal-face cascade.")
    var cascade: String?

    @Option(help: "Largest image accepted, in pixels.")
    var maxPixels = 40_000_000

    @Option(help: "Our ONNX emotion model, selectable per request as 'moodnet'. Env: MOODMUSIC_MOODNET. Default: models/moodnet.onnx when present.")
    var moodnetModel: String?
}

extension EmotionRoleOptions {
    var settings: EmotionRoleSettings { EmotionRoleSettings(model: model, cascade: cascade, maxPixels: maxPixels, moodnetModel: moodnetModel) }
}
