import Foundation
import Logging
import MoodMusicRecommender
import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire

/// RecommenderService.Recommend over an in-memory `RecommenderIndex`.
struct RecommenderHandler: ServiceHandler {
    let index: RecommenderIndex
    /// Reads RecommendRequest.spotify_playlist (SpotifyPlaylistSeeding.swift).
    var spotify: SpotifyPlaylistSeeding = .fromEnvironment()
    var service: String { Contract.Services.recommender }
    var shard: String? { index.shard?.description }

    /// Loads the catalog, trains the mood classifier and builds the index (a few seconds).
    static func load(options: RecommenderRoleSettings, logger: Logger) throws -> RecommenderHandler {
        let environment = ProcessInfo.processInfo.environment
        let catalogGiven = options.catalog ?? environment["MOODMUSIC_CATALOG"]
        let tracks = catalogGiven ?? "data/spotify/tracks.csv.gz"
        // The bundled artists file belongs to the bundled catalog only.
        let artists = options.artists ?? environment["MOODMUSIC_ARTISTS"] ?? (catalogGiven == nil ? "data/spotify/artists.csv.gz" : nil)
        let moods = options.moods ?? environment["MOODMUSIC_MOODS"] ?? "data/spotify/data_moods.csv"

        let (catalog, report) = try Catalog.load(tracksPath: tracks, artistsPath: artists)
        logger.info("catalog loaded", metadata: ["tracks": "\(tracks)", "artists": "\(artists ?? "none")"])
        for line in report.description.split(separator: "\n") { logger.info("  \(line)") }
        let (training, skipped) = try MoodTrainingSet.load(path: moods)
        if !skipped.isEmpty { logger.warning("mood training rows skipped", metadata: ["lines": "\(skipped)"]) }
        let classifier = MoodClassifier.train(on: training)
        let shard = try RecommendQualityOptions.shard(index: options.shardIndex, count: options.shardCount)
        let index = RecommenderIndex(catalog: catalog, classifier: classifier, shard: shard)
        logger.info("recommender index ready", metadata: ["tracks": "\(catalog.count)", "moods_from": "\(moods)",
                                                          "shard": "\(shard?.description ?? "all")"])
        let spotify = SpotifyPlaylistSeeding.fromEnvironment(cacheSeconds: options.spotifyPlaylistCacheSeconds)
        if let problem = spotify.credentialProblem { logger.info("Spotify playlists disabled", metadata: ["why": "\(problem)"]) }
        return RecommenderHandler(index: index, spotify: spotify)
    }

    func handle(payload: [UInt8], context: CallContext) throws(RPCError) -> [UInt8] {
        guard context.method == Contract.recommend else { throw .unimplemented("\(context.method.path) is not served by this worker") }
        var started = MonotonicClock.nowNs()
        let request = try decodeRequest(Moodmusic_V1_RecommendRequest.self, from: payload)
        var query = try Self.query(request)
        var spotifyReport: Moodmusic_V1_SpotifyPlaylistReport?
        if !request.spotifyPlaylist.isEmpty {
            let seeds = try spotify.seeds(reference: request.spotifyPlaylist, catalog: index.catalog, deadlineMs: context.deadlineMs)
            query.playlist += seeds.entries
            spotifyReport = seeds.report
            started = MonotonicClock.nowNs()  // compute_micros is the ranking alone, not the wait for Spotify
        }
        let result = try context.stage("rank") { () throws(RPCError) in try RecommendQualityOptions.rank(index, request, query) }
        var response = Moodmusic_V1_RecommendResponse()
        RecommendQualityOptions.fill(&response, result: result, shard: index.shard)
        response.tracks = result.tracks.map(Self.recommendation)
        response.unknownTrackIds = result.unknownTrackIds
        response.targetMoods = result.targetMoods.map { target in
            var weight = Moodmusic_V1_MoodWeight()
            weight.mood = Moodmusic_V1_MusicMood(target.mood)
            weight.weight = target.weight
            return weight
        }
        response.emotion = Moodmusic_V1_Emotion(result.emotion)
        response.candidates = UInt32(result.candidates)
        response.computeMicros = (MonotonicClock.nowNs() &- started) / 1000
        if let spotifyReport { response.spotifyPlaylist = spotifyReport }
        return try encodeResponse(response)
    }

    /// Maps the wire request to a query; the emotion comes from the probabilities or the single emotion.
    static func query(_ request: Moodmusic_V1_RecommendRequest) throws(RPCError) -> RecommendationQuery {
        let probabilities: [Float]
        if !request.emotionProbabilities.isEmpty {
            probabilities = request.emotionProbabilities
        } else if let emotion = request.emotion.emotion {
            probabilities = emotion.oneHot
        } else {
            throw .invalidArgument("set emotion or emotion_probabilities (7 values: angry, disgust, fear, happy, sad, surprise, neutral)")
        }
        let k = request.k == 0 ? RecommendationQuery.defaultK : Int(request.k)
        var query = RecommendationQuery(
            emotionProbabilities: probabilities,
            playlist: request.playlist.map { .init(trackId: $0.trackID, addedUnix: $0.addedUnix == 0 ? nil : $0.addedUnix) },
            policy: request.policy == .uplift ? .uplift : .match,
            k: k,
            excludeExplicit: request.excludeExplicit,
            yearMin: request.yearMin == 0 ? nil : Int(request.yearMin),
            yearMax: request.yearMax == 0 ? nil : Int(request.yearMax),
            nowUnix: request.nowUnix == 0 ? nil : request.nowUnix)
        RecommendQualityOptions.apply(request, to: &query)
        return query
    }

    static func recommendation(_ track: Recommendation) -> Moodmusic_V1_Recommendation {
        var out = Moodmusic_V1_Recommendation()
        out.id = track.id
        out.name = track.name
        out.artists = track.artists
        out.year = UInt32(max(0, track.year))
        out.mood = Moodmusic_V1_MusicMood(track.mood)
        out.moodConfidence = track.moodConfidence
        out.similarity = track.similarity
        out.score = track.score
        out.url = track.url
        out.reason = track.reason
        RecommendQualityOptions.fill(&out, track: track)
        return out
    }
}
