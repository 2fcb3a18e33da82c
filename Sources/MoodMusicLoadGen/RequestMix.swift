import MoodMusicClient
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire
import Foundation

/// Which calls a load run sends, in what proportion, with what payloads. Payloads are built
/// once up front, so the run measures the service, not the generator.
public struct RequestMix: Sendable {
    public struct Entry: Sendable {
        let name: String
        let method: MethodDescriptor
        let payloads: [[UInt8]]
        let weight: Int
    }

    public let entries: [Entry]
    /// A fixed, interleaved order of entry indices that honours the weights.
    public let schedule: [Int]

    public static let methodNames = ["echo", "detect", "recommend", "recommend-for-image"]

    /// Parses "echo", "detect=3,recommend=1", ...
    public init(spec: String, images: [[UInt8]], echoBytes: Int, k: UInt32) throws {
        var entries: [Entry] = []
        for part in spec.split(separator: ",") {
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let name = pieces[0]
            let weight = pieces.count > 1 ? Int(pieces[1]) ?? -1 : 1
            guard weight > 0 else { throw LoadGenError("bad weight in '\(part)'; use NAME=POSITIVE_INTEGER") }
            entries.append(Entry(name: name, method: try Self.method(name), payloads: try Self.payloads(name, images: images, echoBytes: echoBytes, k: k), weight: weight))
        }
        guard !entries.isEmpty else { throw LoadGenError("--mix is empty") }
        self.entries = entries
        var schedule: [Int] = []
        let rounds = entries.map(\.weight).max()!
        for round in 0..<rounds {
            for (i, entry) in entries.enumerated() where round < entry.weight { schedule.append(i) }
        }
        self.schedule = schedule
    }

    public static func method(_ name: String) throws -> MethodDescriptor {
        switch name {
        case "echo": Contract.echo
        case "detect": Contract.detectEmotions
        case "recommend": Contract.recommend
        case "recommend-for-image": Contract.recommendForImage
        default: throw LoadGenError("unknown method '\(name)'; use \(methodNames.joined(separator: ", "))")
        }
    }

    public static func payloads(_ name: String, images: [[UInt8]], echoBytes: Int, k: UInt32) throws -> [[UInt8]] {
        switch name {
        case "echo":
            var request = Moodmusic_V1_EchoRequest()
            request.payload = Data(repeating: 0x61, count: echoBytes)
            return [try request.serializedBytes()]
        case "detect":
            guard !images.isEmpty else { throw LoadGenError("detect needs --images") }
            return try images.map { image in
                var request = Moodmusic_V1_DetectEmotionsRequest()
                request.image = Data(image)
                return try request.serializedBytes()
            }
        case "recommend":
            return try Moodmusic_V1_Emotion.ferOrder.map { emotion in
                var request = Moodmusic_V1_RecommendRequest()
                request.emotion = emotion
                request.k = k
                return try request.serializedBytes()
            }
        case "recommend-for-image":
            guard !images.isEmpty else { throw LoadGenError("recommend-for-image needs --images") }
            return try images.map { image in
                var request = Moodmusic_V1_RecommendForImageRequest()
                request.image = Data(image)
                request.recommend.k = k
                return try request.serializedBytes()
            }
        default:
            throw LoadGenError("unknown method '\(name)'")
        }
    }
}

public struct LoadGenError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
