import Foundation
import MoodMusicClient
import MoodMusicTesting
import MoodMusicWire
import Testing

/// DetectionOptions.emotion_model through the real gateway and an emotion worker that has fer but no moodnet.
@Suite("Emotion model choice", .serialized)
struct EmotionModelChoiceTests {
    @Test("fer by name or by default; unknown names and uninstalled models are refused with their own codes")
    func choosingTheModel() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startWorker("emotion", name: "emotion-choice", arguments: ["--moodnet-model", "/nonexistent/moodnet.onnx"])
        try cluster.waitUntilServing(Contract.Services.emotion)
        let client = try cluster.client(timeoutMs: 30_000)
        defer { client.close() }
        let image = try RepositoryPaths.bytes("data/faces/astronaut.png")

        func detect(_ model: String) throws(RPCError) -> Moodmusic_V1_DetectEmotionsResponse {
            var options = Moodmusic_V1_DetectionOptions()
            options.emotionModel = model
            return try client.detectEmotions(image: image, options: options)
        }
        let byDefault = try client.detectEmotions(image: image)
        #expect(byDefault.emotionModel == "fer")
        let byName = try detect("fer")
        #expect(byName.emotionModel == "fer")
        #expect(byName.faces.map(\.probabilities) == byDefault.faces.map(\.probabilities))

        #expect(throws: RPCError.self) { try detect("resnet-9000") }
        do { _ = try detect("resnet-9000") } catch { #expect(error.code == .invalidArgument) }
        do { _ = try detect("moodnet") } catch { #expect(error.code == .failedPrecondition && error.message.contains("moodnet")) }
        #expect(throws: RPCError.self) { try detect("moodnet") }
    }
}
