import MoodMusicRecommender

/// A pseudo-playlist of real structure and the tracks that count as its continuation.
struct EvalPlaylist {
    enum Kind: String { case artist, genre }
    let id: Int
    let kind: Kind
    let label: String
    /// Catalog indices.
    let playlist: [Int]
    /// Songs (canonical catalog indices) that count as relevant.
    let relevant: Set<Int>
}

/// Builds the harness's playlists deterministically from a seed:
/// - artist: for artists (first-listed) with ≥ 10 distinct songs, half the songs are the playlist,
///   the other half held out;
/// - genre: 20 songs of one genre (from artists.csv) are the playlist, the rest of it is relevant.
/// Songs are counted once (the canonical copy of duplicates), so dedupe cannot lose a hit.
enum EvalPlaylists {
    static func build(index: RecommenderIndex, artistCount: Int, genreCount: Int, seed: UInt64) -> [EvalPlaylist] {
        let catalog = index.catalog
        var rng = SplitMix64(seed: seed)
        var byArtist: [String: [Int]] = [:]
        var byGenre: [String: [Int]] = [:]
        for i in 0..<catalog.count where index.canonicalTrack(of: i) == i {
            if let first = catalog.artists(at: i).first { byArtist[first, default: []].append(i) }
            for g in catalog.genres(at: i) { byGenre[g, default: []].append(i) }
        }
        var out: [EvalPlaylist] = []
        var artists = byArtist.filter { $0.value.count >= 10 }.keys.sorted()
        rng.shuffle(&artists)
        for name in artists.prefix(artistCount) {
            var songs = byArtist[name]!
            rng.shuffle(&songs)
            let half = songs.count / 2
            out.append(EvalPlaylist(id: out.count, kind: .artist, label: name, playlist: Array(songs[..<half]),
                                    relevant: Set(songs[half...])))
        }
        var genres = byGenre.filter { $0.value.count >= 60 }.keys.sorted()
        rng.shuffle(&genres)
        for name in genres.prefix(genreCount) {
            var songs = byGenre[name]!
            rng.shuffle(&songs)
            out.append(EvalPlaylist(id: out.count, kind: .genre, label: name, playlist: Array(songs[..<20]),
                                    relevant: Set(songs[20...])))
        }
        return out
    }
}
