import MoodMusicClient
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire
import Foundation
import MoodMusicTesting
import Testing

/// Recommend and RecommendForImage through the real gateway, a real recommender worker (the
/// bundled 50,836-track catalog) and a real emotion worker. One cluster serves every check,
/// because building the recommender index takes a while in a debug build.
@Suite("Recommender service", .serialized)
struct RecommenderServiceTests {
    static let playlist = ["3e9HZxeyfWwjeyPAMmWSSQ", "5p7ujcrUXASCNwRaWNHR1C", "2xLMifQCjDGFmkHkpNLD9h"]

    @Test("Recommend, RecommendForImage and mmctl recommend, end to end")
    func endToEnd() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startWorker("recommender", name: "reco-1")
        try cluster.startWorker("emotion", name: "emotion-1")
        try cluster.waitUntilServing(Contract.Services.recommender, timeout: 180)
        try cluster.waitUntilServing(Contract.Services.emotion, timeout: 60)
        let client = try cluster.client(timeoutMs: 30_000)
        defer { client.close() }

        // 40 distinct tracks for a single emotion, sad under `match` leaning to Sad tracks.
        var sad = Moodmusic_V1_RecommendRequest()
        sad.emotion = .sad
        let sadSongs = try client.recommend(sad)
        #expect(sadSongs.tracks.count == 40)
        #expect(Set(sadSongs.tracks.map(\.id)).count == 40)
        #expect(sadSongs.emotion == .sad)
        #expect(sadSongs.targetMoods.first?.mood == .sad)
        #expect(sadSongs.tracks.filter { $0.mood == .sad }.count >= 30, "\(sadSongs.tracks.map(\.mood))")
        #expect(sadSongs.tracks.allSatisfy { $0.url == "https://open.spotify.com/track/\($0.id)" && !$0.reason.isEmpty && !$0.name.isEmpty })
        #expect(zip(sadSongs.tracks, sadSongs.tracks.dropFirst()).allSatisfy { $0.score >= $1.score })
        #expect(sadSongs.candidates == 50_836)

        // A playlist: its tracks never come back; unknown ids are reported.
        var withPlaylist = Moodmusic_V1_RecommendRequest()
        withPlaylist.emotionProbabilities = [0.05, 0, 0.05, 0.7, 0.1, 0.05, 0.05]
        withPlaylist.policy = .uplift
        withPlaylist.k = 100
        withPlaylist.playlist = (Self.playlist + ["notARealTrackId0000000"]).map {
            var entry = Moodmusic_V1_PlaylistEntry()
            entry.trackID = $0
            return entry
        }
        let playlistSongs = try client.recommend(withPlaylist)
        #expect(playlistSongs.tracks.count == 100)
        #expect(Set(playlistSongs.tracks.map(\.id)).isDisjoint(with: Self.playlist))
        #expect(playlistSongs.unknownTrackIds == ["notARealTrackId0000000"])
        #expect(playlistSongs.emotion == .happy)

        // Issue L, D1: Int64 extremes once trapped in the recency weight and killed the worker.
        var hostile = Moodmusic_V1_RecommendRequest()
        hostile.emotion = .happy
        hostile.nowUnix = .min
        var entry = Moodmusic_V1_PlaylistEntry()
        entry.trackID = Self.playlist[0]
        entry.addedUnix = 1
        hostile.playlist = [entry]
        #expect(throws: RPCError.self) { _ = try client.recommend(hostile) }
        do { _ = try client.recommend(hostile) } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("now_unix"))
        }
        var hostileImage = Moodmusic_V1_RecommendForImageRequest()
        hostileImage.image = Data(try RepositoryPaths.bytes("data/faces/astronaut.png"))
        hostileImage.recommend = hostile
        do { _ = try client.recommendForImage(hostileImage); Issue.record("a hostile RecommendForImage succeeded") } catch {
            #expect(error.code == .invalidArgument)
        }
        #expect(try client.recommend(sad).tracks.count == 40, "the recommender worker lives on")

        // Filters.
        var filtered = Moodmusic_V1_RecommendRequest()
        filtered.emotion = .happy
        filtered.excludeExplicit = true
        filtered.yearMin = 1990
        filtered.yearMax = 1999
        let nineties = try client.recommend(filtered)
        #expect(!nineties.tracks.isEmpty)
        #expect(nineties.tracks.allSatisfy { (1990...1999).contains($0.year) })

        // Bad requests.
        for (label, request) in Self.badRequests() {
            #expect(throws: RPCError.self, "\(label)") { try client.recommend(request) }
            do { _ = try client.recommend(request) } catch {
                #expect(error.code == .invalidArgument, "\(label): \(error)")
            }
        }

        // RecommendForImage: the astronaut's face, then 40 songs for its emotion.
        var forImage = Moodmusic_V1_RecommendForImageRequest()
        forImage.image = Data(try RepositoryPaths.bytes("data/faces/astronaut.png"))
        let combined = try client.recommendForImage(forImage)
        #expect(combined.emotions.faces.count == 1)
        #expect(combined.recommendations.tracks.count == 40)
        #expect(!combined.usedNeutralFallback)
        #expect(combined.recommendations.emotion == combined.emotions.dominantEmotion)

        // A corrupt image fails the whole call with the emotion worker's status.
        forImage.image = Data([0xFF, 0xD8, 0xFF, 0x00, 0x01])
        #expect {
            try client.recommendForImage(forImage)
        } throws: { error in
            (error as? RPCError)?.code == .invalidArgument
        }

        // mmctl, as a user would run it.
        let json = try cluster.mmctl(["recommend", "--emotion", "sad", "--json"])
        #expect(json.status == 0, "\(json.output)")
        let decoded = try Moodmusic_V1_RecommendResponse(jsonString: json.output.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(Set(decoded.tracks.map(\.id)).count == 40)
        let table = try cluster.mmctl(["recommend", "--image", RepositoryPaths.file("data/faces/astronaut.png")])
        #expect(table.status == 0, "\(table.output)")
        #expect(table.output.contains("1 face(s)"))
        #expect(table.output.components(separatedBy: "https://open.spotify.com/track/").count - 1 == 40)
    }

    static func badRequests() -> [(String, Moodmusic_V1_RecommendRequest)] {
        var noEmotion = Moodmusic_V1_RecommendRequest()
        noEmotion.k = 10
        var sixValues = Moodmusic_V1_RecommendRequest()
        sixValues.emotionProbabilities = [0.1, 0.1, 0.1, 0.1, 0.1, 0.5]
        var bigK = Moodmusic_V1_RecommendRequest()
        bigK.emotion = .sad
        bigK.k = 501
        var years = Moodmusic_V1_RecommendRequest()
        years.emotion = .sad
        years.yearMin = 2000
        years.yearMax = 1990
        return [("no emotion", noEmotion), ("six probabilities", sixValues), ("k = 501", bigK), ("year range", years)]
    }

    @Test("RecommendForImage without a recommender worker is UNAVAILABLE at once")
    func missingRecommender() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startWorker("emotion", name: "emotion-only")
        try cluster.waitUntilServing(Contract.Services.emotion)
        let client = try cluster.client()
        defer { client.close() }
        var request = Moodmusic_V1_RecommendForImageRequest()
        request.image = Data(try RepositoryPaths.bytes("data/faces/astronaut.png"))
        #expect {
            try client.recommendForImage(request)
        } throws: { error in
            guard let error = error as? RPCError else { return false }
            return error.code == .unavailable && error.message.contains("RecommenderService")
        }
    }
}
