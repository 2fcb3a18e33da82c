/// Keeps at most `cap` songs per artist, walking a ranked list best first: a track is kept when
/// every one of its artists has fewer than `cap` kept songs. `cap` 0 keeps everything. Artists of
/// the listener's own playlist (`Recommendation.byPlaylistArtist`) are not capped: more of what
/// they chose is fidelity, not a lack of variety.
enum ArtistCap {
    static func apply(_ ranked: [Recommendation], cap: Int, k: Int) -> [Recommendation] {
        guard cap > 0 else { return Array(ranked.prefix(k)) }
        var counts: [String: Int] = [:]
        var kept: [Recommendation] = []
        for track in ranked where kept.count < k {
            if track.byPlaylistArtist {
                kept.append(track)
                continue
            }
            let artists = Set(track.artists.map { $0.lowercased() })
            guard artists.allSatisfy({ counts[$0, default: 0] < cap }) else { continue }
            for a in artists { counts[a, default: 0] += 1 }
            kept.append(track)
        }
        return kept
    }
}
