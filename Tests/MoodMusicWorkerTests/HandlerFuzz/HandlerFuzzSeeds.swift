import Foundation
import MoodMusicProtos
import MoodMusicTesting
import MoodMusicWire
import SwiftProtobuf

/// Valid requests of every method, the starting points of the mutations. Images are real photos
/// with faces (a small PNG crop and a JPEG); track ids are from the bundled catalog.
enum HandlerFuzzSeeds {
    /// Catalog tracks (data/spotify/tracks.csv.gz): "thank u, next" and "Without Me".
    static let catalogTracks = ["3e9HZxeyfWwjeyPAMmWSSQ", "5p7ujcrUXASCNwRaWNHR1C"]

    static func smallPNG() throws -> [UInt8] {
        try RepositoryPaths.bytes("Tests/MoodMusicVisionTests/Fixtures/blazeface/composite-02-short-input.png")
    }

    static func jpeg() throws -> [UInt8] { try RepositoryPaths.bytes("data/faces/messi5.jpg") }

    static func echo() -> [[UInt8]] {
        var plain = Moodmusic_V1_EchoRequest()
        plain.payload = Data("hello".utf8)
        var delayed = plain
        delayed.delayMs = 2
        return [bytes(plain), bytes(delayed)]
    }

    static func detectEmotions() throws -> [[UInt8]] {
        var png = Moodmusic_V1_DetectEmotionsRequest()
        png.image = Data(try smallPNG())
        var tuned = png
        tuned.options.scaleFactor = 1.2
        tuned.options.minNeighbors = 3
        tuned.options.minSize = 30
        tuned.options.maxSize = 400
        tuned.options.detector = .haar
        var blaze = png
        blaze.options.detector = .blazefaceShort
        blaze.options.scoreThreshold = 0.5
        var jpeg = Moodmusic_V1_DetectEmotionsRequest()
        jpeg.image = Data(try Self.jpeg())
        return [bytes(png), bytes(tuned), bytes(blaze), bytes(jpeg)]
    }

    static func recommend() -> [[UInt8]] {
        var byEmotion = Moodmusic_V1_RecommendRequest()
        byEmotion.emotion = .happy
        byEmotion.k = 5
        var withPlaylist = Moodmusic_V1_RecommendRequest()
        withPlaylist.emotionProbabilities = [0.1, 0.05, 0.05, 0.5, 0.1, 0.1, 0.1]
        withPlaylist.playlist = catalogTracks.map { id in
            var entry = Moodmusic_V1_PlaylistEntry()
            entry.trackID = id
            entry.addedUnix = 1_700_000_000
            return entry
        }
        withPlaylist.nowUnix = 1_760_000_000
        withPlaylist.k = 10
        withPlaylist.policy = .uplift
        withPlaylist.yearMin = 1990
        withPlaylist.yearMax = 2020
        withPlaylist.excludeExplicit = true
        withPlaylist.maxPerArtist = 2
        withPlaylist.balance.moodWeight = 0.5
        withPlaylist.affectUplift = true
        return [bytes(byEmotion), bytes(withPlaylist)]
    }

    static func health() -> [[UInt8]] {
        ["", Contract.Services.emotion, Contract.Services.recommender, Contract.Services.diagnostics].map { service in
            var request = Moodmusic_V1_HealthCheckRequest()
            request.service = service
            return bytes(request)
        }
    }

    static func recommendForImage() throws -> [[UInt8]] {
        var request = Moodmusic_V1_RecommendForImageRequest()
        request.image = Data(try smallPNG())
        request.detection.detector = .blazefaceShort
        request.recommend.k = 5
        request.recommend.playlist = [Moodmusic_V1_PlaylistEntry.with { $0.trackID = catalogTracks[0]; $0.addedUnix = 1_700_000_000 }]
        request.recommend.nowUnix = 1_760_000_000
        return [bytes(request)]
    }

    static func bytes(_ message: some SwiftProtobuf.Message) -> [UInt8] {
        // Encoding a message built here cannot fail.
        (try? message.serializedBytes()) ?? []
    }
}
