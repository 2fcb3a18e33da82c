import ArgumentParser
import MoodMusicClient
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire
import Foundation
import MoodMusicSpotify

struct RecommendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Recommends songs for an emotion, or for the faces in a photo.",
        usage: "mmctl recommend (--emotion NAME | --image PATH) [--playlist ID,ID,...] [--spotify-playlist URL] [--policy match|uplift|affect] [--mood-weight W] [--max-per-artist N] [--k 40] [--json] [--out FILE.m3u|.json|.xspf] [--save-to-spotify NAME]")

    @OptionGroup var global: GlobalOptions

    @Option(help: "An emotion: angry, disgust, fear, happy, sad, surprise or neutral.")
    var emotion: String?

    @Option(help: "A photo: its faces' emotions choose the songs (RecommendForImage).")
    var image: String?

    @Option(help: "Comma-separated catalog track ids of your playlist.")
    var playlist: String?

    @Option(help: "A Spotify playlist to seed with: an open.spotify.com link, a spotify:playlist: URI or its id (docs/spotify.md).")
    var spotifyPlaylist: String?

    @Option(help: "Also write the songs to FILE.m3u, FILE.json or FILE.xspf (spotify:track: URIs, names, links).")
    var out: String?

    @Option(help: "Also save the songs as a new private Spotify playlist with this name (signs in once) and print its link.")
    var saveToSpotify: String?

    @OptionGroup var signIn: SignInOptions

    @Option(help: "match (reflect the feeling), uplift (move toward a better mood) or affect (valence/energy near the feeling's circumplex point).")
    var policy = "match"

    @Flag(help: "With --policy affect: uplift semantics.")
    var affectUplift = false

    @Option(help: "Fidelity/mood balance, 0...10 (0 = playlist only); default: the worker's.")
    var moodWeight: Float?

    @Option(help: "Songs per artist at most (default 3).")
    var maxPerArtist: UInt32 = 0

    @Flag(help: "No cap on songs per artist.")
    var noArtistCap = false

    @Flag(help: "Keep the same song under several ids.")
    var keepDuplicates = false

    @Flag(help: "When the catalog is sharded over several recommenders and a shard is down, take the other shards' songs instead of UNAVAILABLE.")
    var allowPartial = false

    @Option(help: "With --image: how faces combine: mean, largest or size-weighted.")
    var faces = "mean"

    @Option(help: "How many songs (1...500).")
    var k: UInt32 = 40

    @Flag(help: "Leave out explicit tracks.")
    var excludeExplicit = false

    @Option(help: "Only tracks released in or after this year.")
    var yearMin: UInt32 = 0

    @Option(help: "Only tracks released in or before this year.")
    var yearMax: UInt32 = 0

    @OptionGroup var detection: DetectionFlags

    func validate() throws {
        guard (emotion == nil) != (image == nil) else { throw ValidationError("give exactly one of --emotion or --image") }
        if let emotion, Moodmusic_V1_Emotion(label: emotion) == nil {
            throw ValidationError("unknown emotion '\(emotion)'; use one of \(Moodmusic_V1_Emotion.ferOrder.map(\.label).joined(separator: ", "))")
        }
        guard ["match", "uplift", "affect"].contains(policy) else { throw ValidationError("--policy must be match, uplift or affect") }
        guard ["mean", "largest", "size-weighted"].contains(faces) else { throw ValidationError("--faces must be mean, largest or size-weighted") }
        if let spotifyPlaylist, case .failure(let error) = SpotifyID.playlist(spotifyPlaylist) { throw ValidationError(error.description) }
        if let out, PlaylistExport.Format(path: out) == nil { throw ValidationError("--out must end in .m3u, .json or .xspf") }
        if let saveToSpotify, saveToSpotify.trimmingCharacters(in: .whitespaces).isEmpty || saveToSpotify.count > 100 {
            throw ValidationError("--save-to-spotify needs a name of 1 to 100 characters")
        }
    }

    func run() throws {
        var request = Moodmusic_V1_RecommendRequest()
        request.policy = policy == "uplift" ? .uplift : policy == "affect" ? .affect : .match
        request.affectUplift = affectUplift
        if let moodWeight { request.balance.moodWeight = moodWeight }
        request.maxPerArtist = maxPerArtist
        request.noArtistCap = noArtistCap
        request.keepDuplicates = keepDuplicates
        request.allowPartial = allowPartial
        request.k = k
        request.excludeExplicit = excludeExplicit
        request.yearMin = yearMin
        request.yearMax = yearMax
        request.playlist = (playlist ?? "").split(separator: ",").map {
            var entry = Moodmusic_V1_PlaylistEntry()
            entry.trackID = $0.trimmingCharacters(in: .whitespaces)
            return entry
        }
        if let spotifyPlaylist { request.spotifyPlaylist = spotifyPlaylist }
        if let emotion {
            request.emotion = Moodmusic_V1_Emotion(label: emotion)!
            let response = try global.withClient { client throws(RPCError) in try client.recommend(request) }
            print(global.json ? try response.jsonString() : SongsReport(response).render())
            try deliver(response, title: "moodmusic: \(emotion)")
        } else if let image {
            var call = Moodmusic_V1_RecommendForImageRequest()
            call.image = Data(try readImage(image))
            call.recommend = request
            call.faceCombination = faces == "largest" ? .largest : faces == "size-weighted" ? .sizeWeighted : .mean
            if let options = detection.options { call.detection = options }
            let response = try global.withClient { client throws(RPCError) in try client.recommendForImage(call) }
            if global.json {
                print(try response.jsonString())
            } else {
                print(EmotionReport(response.emotions).render())
                if response.usedNeutralFallback { print("no face found: songs chosen for 'neutral'") }
                print("")
                print(SongsReport(response.recommendations).render())
            }
            try deliver(response.recommendations, title: "moodmusic: \(response.emotions.dominantEmotion.label)")
        }
    }
}

/// The songs table.
struct SongsReport {
    let response: Moodmusic_V1_RecommendResponse
    init(_ response: Moodmusic_V1_RecommendResponse) { self.response = response }

    func render() -> String {
        let moods = response.targetMoods.map { "\($0.mood.label) \(String(format: "%.2f", $0.weight))" }.joined(separator: ", ")
        var lines = ["emotion: \(response.emotion.label)   target moods: \(moods)   \(response.tracks.count) songs from \(response.candidates) candidates in \(String(format: "%.2f", Double(response.computeMicros) / 1000)) ms"]
        if !response.missingShards.isEmpty {
            lines.append("partial: no songs from catalog shard \(response.missingShards.joined(separator: ", ")) (no live worker)")
        }
        if response.hasSpotifyPlaylist {
            let report = response.spotifyPlaylist
            lines.append("Spotify playlist \(report.playlistID): \(report.foundInCatalog) of \(report.tracks) tracks in the catalog"
                + (report.cached ? " (cached)" : "")
                + "; left out: \(report.localFiles) local files, \(report.episodes) episodes, \(report.unavailable) unavailable")
            if !report.missingTrackIds.isEmpty {
                lines.append("not in the catalog: \(report.missingTrackIds.prefix(20).joined(separator: ", "))\(report.missingTrackIds.count > 20 ? " …" : "")")
            }
        }
        if !response.unknownTrackIds.isEmpty {
            lines.append("not in the catalog (ignored): \(response.unknownTrackIds.joined(separator: ", "))")
        }
        var table = TextTable(columns: ["#", "TRACK", "ARTISTS", "YEAR", "MOOD", "SIM", "SCORE", "LINK"])
        for (i, t) in response.tracks.enumerated() {
            table.add(["\(i + 1)", String(t.name.prefix(40)), String(t.artists.joined(separator: ", ").prefix(30)),
                       t.year == 0 ? "-" : "\(t.year)", t.mood.label, String(format: "%.3f", t.similarity),
                       String(format: "%.3f", t.score), t.url])
        }
        lines.append(table.render())
        return lines.joined(separator: "\n")
    }
}
