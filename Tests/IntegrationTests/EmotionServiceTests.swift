import MoodMusicClient
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire
import Foundation
import MoodMusicTesting
import Testing

/// DetectEmotions through the real gateway and a real emotion worker (model, cascade and all).
@Suite("Emotion service", .serialized)
struct EmotionServiceTests {
    static let astronaut = "data/faces/astronaut.png"

    func withEmotionCluster(_ body: (TestCluster, MoodMusicClient) throws -> Void) throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startWorker("emotion", name: "emotion-1", arguments: ["--concurrency", "2"])
        try cluster.waitUntilServing(Contract.Services.emotion)
        let client = try cluster.client(timeoutMs: 30_000)
        defer { client.close() }
        try body(cluster, client)
    }

    @Test("the astronaut photo has one face, with seven probabilities")
    func astronaut() throws {
        try withEmotionCluster { _, client in
            let response = try client.detectEmotions(image: try RepositoryPaths.bytes(Self.astronaut))
            #expect(response.imageWidth == 512 && response.imageHeight == 512)
            #expect(response.faces.count == 1)
            guard let face = response.faces.first else { return }
            #expect(face.probabilities.count == 7)
            #expect(abs(face.probabilities.reduce(0, +) - 1) < 1e-4)
            #expect(face.emotion == Moodmusic_V1_Emotion.ferOrder[face.probabilities.indices.max { face.probabilities[$0] < face.probabilities[$1] }!])
            #expect(face.confidence == face.probabilities.max())
            #expect(face.box.width >= 50 && face.box.x > 0 && face.box.y > 0)
            // The default detector is BlazeFace full range (docs/vision.md): a score and six landmarks, the eyes
            // inside the box.
            #expect(response.detector == .blazefaceFull)
            #expect(face.score > 0.5 && face.score <= 1 && face.hasLandmarks)
            let eyes = [face.landmarks.rightEye, face.landmarks.leftEye]
            #expect(eyes.allSatisfy { Int32($0.x) > face.box.x && Int32($0.x) < face.box.x + face.box.width && Int32($0.y) > face.box.y })
            #expect(response.dominantEmotion == face.emotion)
            #expect(response.meanProbabilities == face.probabilities)

            // The Haar cascade on request: neighbours instead of a score, no landmarks, the same face.
            var haar = Moodmusic_V1_DetectionOptions()
            haar.detector = .haar
            let found = try client.detectEmotions(image: try RepositoryPaths.bytes(Self.astronaut), options: haar)
            #expect(found.detector == .haar && found.faces.count == 1)
            if let first = found.faces.first {
                #expect(first.neighbors >= 5 && !first.hasLandmarks && first.score == 0)
                #expect(first.probabilities.count == 7)
                let overlapX = min(first.box.x + first.box.width, face.box.x + face.box.width) - max(first.box.x, face.box.x)
                let overlapY = min(first.box.y + first.box.height, face.box.y + face.box.height) - max(first.box.y, face.box.y)
                #expect(overlapX > 0 && overlapY > 0, "the two detectors found different faces")
            }

            // Eye-line alignment: the same face, scored from a differently cut crop; refused with the cascade.
            var align = Moodmusic_V1_DetectionOptions()
            align.alignFaces = true
            let aligned = try client.detectEmotions(image: try RepositoryPaths.bytes(Self.astronaut), options: align)
            #expect(aligned.detector == .blazefaceFull && aligned.faces.count == 1)
            if let first = aligned.faces.first {
                #expect(first.box == face.box && abs(first.probabilities.reduce(0, +) - 1) < 1e-4)
                #expect(first.probabilities != face.probabilities, "align_faces had no effect on the crop")
            }
            align.detector = .haar
            do {
                _ = try client.detectEmotions(image: try RepositoryPaths.bytes(Self.astronaut), options: align)
                Issue.record("align_faces with the Haar cascade was accepted")
            } catch {
                #expect((error as? RPCError)?.code == .invalidArgument && (error as? RPCError)?.message.contains("landmarks") == true)
            }

            var badThreshold = Moodmusic_V1_DetectionOptions()
            badThreshold.scoreThreshold = 1.5
            do {
                _ = try client.detectEmotions(image: try RepositoryPaths.bytes(Self.astronaut), options: badThreshold)
                Issue.record("a score threshold of 1.5 was accepted")
            } catch {
                #expect((error as? RPCError)?.code == .invalidArgument)
            }
        }
    }

    @Test("a corrupt image gets INVALID_ARGUMENT while the other requests keep succeeding")
    func corruptAmongGood() throws {
        try withEmotionCluster { cluster, _ in
            let good = try RepositoryPaths.bytes(Self.astronaut)
            let bad: [(String, [UInt8])] = [
                ("random bytes", (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }),
                ("truncated PNG", Array(good.prefix(good.count / 3))),
                ("PNG header only", Array(good.prefix(8))),
                ("GIF", Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 100)),
                ("truncated JPEG", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array(repeating: 0x11, count: 200)),
            ]
            let context = ZMQContext()
            defer { context.terminate() }
            let connection = try GatewayConnection(endpoint: cluster.frontend, context: context)
            defer { connection.close() }
            var expectations: [UInt64: (String, StatusCode)] = [:]
            var id: UInt64 = 0
            for (name, bytes) in bad {
                for (label, image, code) in [("good", good, StatusCode.ok), (name, bytes, .invalidArgument)] {
                    id += 1
                    var request = Moodmusic_V1_DetectEmotionsRequest()
                    request.image = Data(image)
                    try connection.send(method: Contract.detectEmotions, payload: try request.serializedBytes(), requestID: id, timeoutMs: 30_000)
                    expectations[id] = (label, code)
                }
            }
            var seen = 0
            while seen < expectations.count, let response = try connection.receive(timeoutMs: 30_000) {
                seen += 1
                let (label, code) = expectations[response.header.requestID]!
                #expect(response.header.code == code, "\(label): \(response.header.code.name) \(response.header.message)")
                if code == .ok {
                    #expect(try Moodmusic_V1_DetectEmotionsResponse(serializedBytes: response.payload).faces.count == 1)
                } else {
                    #expect(response.header.message.hasPrefix("image: "), "\(label): \(response.header.message)")
                }
            }
            #expect(seen == expectations.count)
        }
    }

    @Test("bad requests are INVALID_ARGUMENT with a reason")
    func badRequests() throws {
        try withEmotionCluster { _, client in
            let photo = try RepositoryPaths.bytes(Self.astronaut)
            func expectInvalid(_ message: String, _ call: () throws -> Void) {
                #expect {
                    try call()
                } throws: { error in
                    guard let error = error as? RPCError else { return false }
                    return error.code == .invalidArgument && error.message.contains(message)
                }
            }
            expectInvalid("image is required") { _ = try client.detectEmotions(image: []) }
            var options = Moodmusic_V1_DetectionOptions()
            options.scaleFactor = 0.9
            expectInvalid("scale_factor") { _ = try client.detectEmotions(image: photo, options: options) }
            options.detector = .haar
            options.scaleFactor = 1.000_000_1   // millions of scales: refused before any scan starts
            expectInvalid("scale_factor must be in [1.01, 4]") { _ = try client.detectEmotions(image: photo, options: options) }
            options = Moodmusic_V1_DetectionOptions()
            options.minSize = 200
            options.maxSize = 100
            expectInvalid("max_size") { _ = try client.detectEmotions(image: photo, options: options) }
            expectInvalid("DetectEmotionsRequest") {
                let (header, _) = try client.callRaw(Contract.detectEmotions, payload: [0x0A, 0xFF])
                throw RPCError(header.code, header.message)
            }
        }
    }

    @Test("an image with no face is OK with zero faces")
    func noFace() throws {
        try withEmotionCluster { _, client in
            // The face is smaller than a huge min_size, so nothing is found.
            var options = Moodmusic_V1_DetectionOptions()
            options.minSize = 500
            let response = try client.detectEmotions(image: try RepositoryPaths.bytes(Self.astronaut), options: options)
            #expect(response.faces.isEmpty)
            #expect(response.dominantEmotion == .unspecified)
            #expect(response.meanProbabilities.isEmpty)
        }
    }

    @Test("mmctl detect prints the one face of the astronaut photo")
    func mmctlDetect() throws {
        try withEmotionCluster { cluster, _ in
            let table = try cluster.mmctl(["detect", RepositoryPaths.file(Self.astronaut)])
            #expect(table.status == 0, "\(table.output)")
            // The default: BlazeFace full range, with the six landmarks.
            #expect(table.output.contains("1 face(s) by BlazeFace full range"), "\(table.output)")
            #expect(table.output.contains("face 1 landmarks: right eye "), "\(table.output)")
            let json = try cluster.mmctl(["detect", RepositoryPaths.file(Self.astronaut), "--json"])
            #expect(json.status == 0)
            let decoded = try Moodmusic_V1_DetectEmotionsResponse(jsonString: json.output.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(decoded.faces.count == 1 && decoded.detector == .blazefaceFull && decoded.faces.first?.hasLandmarks == true)
            let aligned = try cluster.mmctl(["detect", RepositoryPaths.file(Self.astronaut), "--align"])
            #expect(aligned.status == 0 && aligned.output.contains("1 face(s) by BlazeFace full range"), "\(aligned.output)")
            let haar = try cluster.mmctl(["detect", RepositoryPaths.file(Self.astronaut), "--detector", "haar"])
            #expect(haar.status == 0 && haar.output.contains("1 face(s) by haar") && !haar.output.contains("landmarks"), "\(haar.output)")
            let unknown = try cluster.mmctl(["detect", RepositoryPaths.file(Self.astronaut), "--detector", "dlib"])
            #expect(unknown.status == 1 && unknown.output.contains("INVALID_ARGUMENT"), "\(unknown.output)")
            let failed = try cluster.mmctl(["detect", RepositoryPaths.file("README.md")])
            #expect(failed.status == 1)
            #expect(failed.output.contains("INVALID_ARGUMENT"), "\(failed.output)")
        }
    }
}
