import ArgumentParser
import MoodMusicWorker

struct RecommenderRoleOptions: ParsableArguments {
    @Option(help: "Catalog tracks.csv (Kaggle 600k schema; .csv or .csv.gz). Env: MOODMUSIC_CATALOG. Default: data/spotify/tracks.csv.gz.")
    var catalog: String?

    @Option(help: "Catalog artists.csv for genres (optional). Env: MOODMUSIC_ARTISTS. Default: data/spotify/artists.csv.gz when --catalog is not given.")
    var artists: String?

    @Option(help: "Labelled moods for the classifier (data_moods.csv). Env: MOODMUSIC_MOODS. Default: data/spotify/data_moods.csv.")
    var moods: String?

    @Option(help: "Serve shard I of N (\"I/N\", 0 <= I < N <= 1024): every N-th track starting at I. Default: the whole catalog.")
    var shard: String?

    func validate() throws {
        if let shard, Self.parseShard(shard) == nil { throw ValidationError("--shard must be I/N with 0 <= I < N <= 1024, got \(shard)") }
    }

    /// "I/N" → (I, N) when 0 <= I < N <= 1024.
    static func parseShard(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 1024, i >= 0, i < n else { return nil }
        return (i, n)
    }
}

extension RecommenderRoleOptions {
    var settings: RecommenderRoleSettings {
        let parsed = shard.flatMap(Self.parseShard) ?? (0, 1)
        return RecommenderRoleSettings(catalog: catalog, artists: artists, moods: moods, shardIndex: parsed.index, shardCount: parsed.count)
    }
}
