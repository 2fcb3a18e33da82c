import Dispatch
import Foundation
import MoodMusicClient
import MoodMusicSpotify
import MoodMusicTesting
import MoodMusicWire
import Testing

/// A real gateway, a real recommender worker (the bundled catalog) and a real emotion worker,
/// with the worker and mmctl pointed at the fake Spotify.
@Suite("Recommend with a Spotify playlist, end to end", .serialized)
struct SpotifyRecommendTests {
    /// Catalog tracks (data/spotify/tracks.csv.gz).
    static let inCatalog = ["3e9HZxeyfWwjeyPAMmWSSQ", "5p7ujcrUXASCNwRaWNHR1C", "2xLMifQCjDGFmkHkpNLD9h"]
    static let seeded = "1BpRg8zY1BAXq9w2Jv3Cjc"
    static let outside = "2UtsideTheCata1ogP1ayl"

    @Test("Recommend, RecommendForImage and mmctl with --spotify-playlist, --out and --save-to-spotify")
    func endToEnd() async throws {
        let fake = try await FakeSpotify.start()
        let dir = try temporaryDirectory()
        let cluster = try TestCluster()
        defer {
            cluster.stop()
            try? FileManager.default.removeItem(atPath: dir)
        }
        do {
            try await check(fake: fake, cluster: cluster, dir: dir)
        } catch {
            await fake.stop()
            throw error
        }
        await fake.stop()
    }

    func check(fake: FakeSpotify, cluster: TestCluster, dir: String) async throws {
        await fake.state.setPlaylist(Self.seeded, [
            .track(id: Self.inCatalog[0], name: "a", addedAt: "2025-01-01T00:00:00Z"),
            .localFile(name: "demo", addedAt: "2025-01-02T00:00:00Z"),
            .track(id: Self.inCatalog[1], name: "b", addedAt: "2025-06-01T00:00:00Z"),
            .unavailable(addedAt: "2025-06-02T00:00:00Z"),
            .track(id: trackID(1), name: "not in the catalog", addedAt: "2025-06-03T00:00:00Z"),
            .episode(id: "512ojhOuo1ktJprKbVcKyQ", name: "ep", addedAt: "2025-06-04T00:00:00Z"),
            .track(id: Self.inCatalog[2], name: "c", addedAt: "2025-07-01T00:00:00Z"),
        ])
        await fake.state.setPlaylist(Self.outside, [.track(id: trackID(2), name: "x", addedAt: "2025-01-01T00:00:00Z"),
                                                    .track(id: trackID(3), name: "y", addedAt: "2025-01-01T00:00:00Z")])
        await fake.state.setMaxPageSize(2)
        let recommender = try cluster.startWorker("recommender", name: "reco-1", environment: fake.environment)
        try cluster.startWorker("emotion", name: "emotion-1")
        try await offThePool {
            try cluster.waitUntilServing(Contract.Services.recommender, timeout: 180)
            try cluster.waitUntilServing(Contract.Services.emotion, timeout: 60)
        }

        let client = SharedClient(try cluster.client(timeoutMs: 60_000))
        defer { client.client.close() }
        var request = Moodmusic_V1_RecommendRequest()
        request.emotion = .sad
        request.spotifyPlaylist = "https://open.spotify.com/playlist/\(Self.seeded)?si=abc"
        let response = try await offThePool { [request] in try client.client.recommend(request) }
        #expect(response.tracks.count == 40)
        #expect(Set(response.tracks.map(\.id)).isDisjoint(with: Self.inCatalog))
        let report = response.spotifyPlaylist
        #expect(report.playlistID == Self.seeded && report.tracks == 4 && report.foundInCatalog == 3)
        #expect(report.missingTrackIds == [trackID(1)] && report.localFiles == 1 && report.episodes == 1 && report.unavailable == 1)
        #expect(!report.cached)
        // The seeds change the ranking: without them the same emotion gives another list.
        var plain = request
        plain.spotifyPlaylist = ""
        let unseeded = try await offThePool { [plain] in try client.client.recommend(plain) }
        #expect(unseeded.tracks.map(\.id) != response.tracks.map(\.id))
        // Asked again within the cache time: no new call to Spotify.
        let pagesBefore = await fake.state.requests(matching: "/v1/playlists/\(Self.seeded)/items").count
        let again = try await offThePool { [request] in try client.client.recommend(request) }
        #expect(again.spotifyPlaylist.cached)
        #expect(await fake.state.requests(matching: "/v1/playlists/\(Self.seeded)/items").count == pagesBefore)

        var outside = request
        outside.spotifyPlaylist = "spotify:playlist:\(Self.outside)"
        await expectRPCError(.failedPrecondition, containing: "none of the 2 tracks") { [outside] in try client.client.recommend(outside) }
        var unknown = request
        unknown.spotifyPlaylist = "0000000000000000000000"
        await expectRPCError(.notFound, containing: "no playlist 0000000000000000000000") { [unknown] in try client.client.recommend(unknown) }
        var malformed = request
        malformed.spotifyPlaylist = "https://example.com/playlist/x"
        await expectRPCError(.invalidArgument, containing: "is not a Spotify playlist") { [malformed] in try client.client.recommend(malformed) }

        // The photo path carries the playlist inside its RecommendRequest.
        var forImage = Moodmusic_V1_RecommendForImageRequest()
        forImage.image = Data(try RepositoryPaths.bytes("data/faces/astronaut.png"))
        forImage.recommend.spotifyPlaylist = "spotify:playlist:\(Self.seeded)"
        let imageResponse = try await offThePool { [forImage] in try client.client.recommendForImage(forImage) }
        #expect(imageResponse.recommendations.tracks.count == 40 && imageResponse.recommendations.spotifyPlaylist.foundInCatalog == 3)

        try await checkMMCtl(fake: fake, cluster: cluster, dir: dir)

        // A recommender without Spotify credentials says how to set them.
        _ = recommender.stop(grace: 5)
        try cluster.startWorker("recommender", name: "reco-no-credentials", environment: [
            "SPOTIFY_CLIENT_ID": "", "SPOTIFY_CLIENT_SECRET": "", "MOODMUSIC_SPOTIFY_CREDENTIALS": dir + "/absent.json",
        ])
        try await offThePool { try cluster.waitUntilServing(Contract.Services.recommender, timeout: 180) }
        await expectRPCError(.failedPrecondition, containing: "SPOTIFY_CLIENT_ID") { [request] in try client.client.recommend(request) }
    }

    func checkMMCtl(fake: FakeSpotify, cluster: TestCluster, dir: String) async throws {
        let environment = fake.environment.merging([
            "MOODMUSIC_SPOTIFY_TOKEN_FILE": dir + "/token.json",
            "MOODMUSIC_SPOTIFY_BROWSER": "curl -sSL -o /dev/null",  // plays the browser: follows the redirect to mmctl
        ]) { _, new in new }
        let port = freeLoopbackPort()
        let (status, output) = try await offThePool {
            try cluster.mmctl(["recommend", "--image", "data/faces/astronaut.png", "--spotify-playlist",
                               "https://open.spotify.com/playlist/\(Self.seeded)", "--out", dir + "/songs.xspf",
                               "--save-to-spotify", "moodmusic e2e", "--redirect-port", "\(port)", "--timeout-ms", "60000"],
                              environment: environment)
        }
        #expect(status == 0, "\(output)")
        #expect(output.contains("Spotify playlist \(Self.seeded): 3 of 4 tracks in the catalog"), "\(output)")
        let created = await fake.state.created
        let challenges = await fake.state.checkedChallenges
        #expect(created.count == 1 && challenges.count == 1)
        guard let entry = created.first else { return }
        let (id, playlist) = (entry.key, entry.value)
        #expect(playlist.name == "moodmusic e2e" && !playlist.isPublic && playlist.uris.count == 40)
        #expect(output.contains("saved 40 songs to the private Spotify playlist 'moodmusic e2e': https://open.spotify.com/playlist/\(id)"))
        let xspf = try String(contentsOfFile: dir + "/songs.xspf", encoding: .utf8)
        #expect(xspf.components(separatedBy: "<track>").count - 1 == 40)
        #expect(playlist.uris.allSatisfy { xspf.contains("<location>\($0)</location>") })
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/token.json")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }
}

/// Runs blocking work (ZeroMQ calls, waiting for a process) on a plain thread, so the fake's
/// handlers keep the cooperative pool.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}

func expectRPCError(_ code: StatusCode, containing text: String, _ call: @escaping @Sendable () throws -> Moodmusic_V1_RecommendResponse,
                    sourceLocation: SourceLocation = #_sourceLocation) async {
    do {
        _ = try await offThePool { () throws -> Moodmusic_V1_RecommendResponse in try call() }
        Issue.record("expected \(code.name)", sourceLocation: sourceLocation)
    } catch let error as RPCError {
        #expect(error.code == code && error.message.contains(text), "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(error)", sourceLocation: sourceLocation)
    }
}

/// One client used by one test at a time, handed to the blocking helpers.
struct SharedClient: @unchecked Sendable {
    let client: MoodMusicClient
    init(_ client: MoodMusicClient) { self.client = client }
}
