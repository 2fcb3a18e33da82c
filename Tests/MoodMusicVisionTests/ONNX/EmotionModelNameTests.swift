import Testing

@testable import MoodMusicVision

@Suite struct EmotionModelNameTests {
    @Test func anEmptyRequestGetsTheServiceDefault() {
        #expect(EmotionModelName.resolve("") == EmotionModelName.serviceDefault)
        #expect(EmotionModelName.serviceDefault == .fer)
    }

    @Test func namesResolveCaseInsensitivelyAndUnknownNamesDoNot() {
        #expect(EmotionModelName.resolve("moodnet") == .moodnet)
        #expect(EmotionModelName.resolve("FER") == .fer)
        #expect(EmotionModelName.resolve("resnet") == nil)
    }

    @Test func defaultPathsFollowTheEnvironment() {
        #expect(EmotionModelName.moodnet.defaultPath(environment: [:]) == "models/moodnet.onnx")
        #expect(EmotionModelName.moodnet.defaultPath(environment: ["MOODMUSIC_MOODNET": "/m/x.onnx"]) == "/m/x.onnx")
        #expect(EmotionModelName.fer.defaultPath(environment: ["MOODMUSIC_MODEL": "/m/fer.hdf5"]) == "/m/fer.hdf5")
    }

    @Test func aMissingMoodnetFileIsFileNotFound() {
        #expect(throws: ONNXModelError.fileNotFound(path: "/nonexistent/moodnet.onnx")) {
            try EmotionModelName.moodnet.load(path: "/nonexistent/moodnet.onnx")
        }
    }
}
