import Foundation
import MoodMusicVocabulary

extension RecommenderIndex {
    /// Ranks the catalog (or this index's shard) for a query: the top tracks by score, with the
    /// same song under several ids collapsed and at most `maxPerArtist` songs per artist.
    public func recommend(_ query: RecommendationQuery) throws(RecommenderError) -> RecommendationResult {
        let ranked = try rankCandidates(query)
        let cap = query.maxPerArtist ?? ranking.maxPerArtist
        var tracks = ArtistCap.apply(ranked.tracks, cap: cap, k: query.k)
        var fetched = ranked
        // The cap dropped too many: fetch a longer list (a no-op once the shard is exhausted).
        while tracks.count < query.k && fetched.tracks.count == fetched.fetch && fetched.fetch < vectors.count {
            fetched = try rankCandidates(query, fetch: min(vectors.count, fetched.fetch * 4))
            tracks = ArtistCap.apply(fetched.tracks, cap: cap, k: query.k)
        }
        var result = ranked.result
        result.tracks = tracks
        result.maxPerArtist = cap
        return result
    }

    /// How many ranked candidates a query needs before the artist cap: k, or 4k with a cap.
    public static func fetchSize(k: Int, maxPerArtist: Int) -> Int { maxPerArtist > 0 ? 4 * k : k }

    /// The top `fetch` eligible tracks by score, best first, before the artist cap. A sharded
    /// deployment merges these lists (`ShardMerge`) and applies the cap once.
    public func rankCandidates(_ query: RecommendationQuery, fetch requested: Int? = nil) throws(RecommenderError)
        -> (tracks: [Recommendation], fetch: Int, result: RecommendationResult) {
        try query.validate()
        let cap = query.maxPerArtist ?? ranking.maxPerArtist
        let fetch = requested ?? Self.fetchSize(k: query.k, maxPerArtist: cap)
        let probabilities = query.emotionProbabilities
        let emotion = Emotion(rawValue: probabilities.indices.max(by: { probabilities[$0] < probabilities[$1] })!)!
        let semantics: MoodPolicy = query.policy == .affect ? (query.affectUplift ? .uplift : .match) : query.policy
        let targets = semantics.targetWeights(for: probabilities)

        // Playlist vector with recency weights; unknown ids are reported, not dropped silently.
        let now = query.nowUnix ?? Int64(Date().timeIntervalSince1970)
        var playlistVector = QueryVector(genreCount: vectors.genreCount)
        var unknown: [String] = []
        var inPlaylist = Set<Int32>()
        for entry in query.playlist {
            guard let index = catalog.index(ofId: entry.trackId) else {
                unknown.append(entry.trackId)
                continue
            }
            // A repeated id counts once.
            guard inPlaylist.insert(Int32(index)).inserted else { continue }
            vectors.add(track: index, weight: Float(recencyWeight(addedUnix: entry.addedUnix, now: now)), to: &playlistVector)
        }
        let usedCentroid = inPlaylist.isEmpty
        var queryVector = playlistVector
        if usedCentroid {
            // A mood profile: how the target moods sound. It has no era, popularity or genre
            // taste, so those groups stay empty and every track is compared on the same groups.
            queryVector = QueryVector(genreCount: vectors.genreCount)
            for mood in MusicMood.allCases where targets[mood.rawValue] > 0 {
                queryVector.add(soundOf: moodCentroids[mood.rawValue], weight: targets[mood.rawValue])
            }
        }
        let playlistArtists = Set(inPlaylist.flatMap { catalog.artists(at: Int($0)).map { $0.lowercased() } })

        let isAffect = query.policy == .affect
        let moodWeight = query.moodWeight ?? (isAffect ? ranking.affectWeight : ranking.moodFitWeight)
        let scan = SimilarityScan(vectors: vectors)
        let affect: (weight: Float, target: SIMD2<Float>)? = isAffect ? (weight: moodWeight, target: AffectSpace.target(for: probabilities, uplift: query.affectUplift)) : nil
        var prepared = scan.prepare(queryVector, moodFit: isAffect ? 0 : moodWeight, targets: targets, affect: affect)
        // A mood profile knows nothing of era, popularity or genre: having them must not matter.
        if usedCentroid { scan.calibrate(&prepared, k: query.k) }
        let isEligible = eligibility(query, playlist: inPlaylist)
        let scratch = scratchPool.take()
        defer { scratchPool.give(scratch) }
        let best = rank(scan: scan, prepared: prepared, scratch: scratch, k: fetch, isEligible: isEligible)
        let norm = queryVector.norm
        let context = ExplanationContext(
            query: queryVector, inverseNorm: norm > 0 ? 1 / norm : 0, targets: targets, policy: query.policy,
            emotion: emotion, usedCentroid: usedCentroid, moodWeight: moodWeight, prepared: prepared)
        var tracks = best.map { entry -> Recommendation in
            var track = makeRecommendation(index: Int(entry.index), context: context)
            track.byPlaylistArtist = track.artists.contains { playlistArtists.contains($0.lowercased()) }
            return track
        }
        tracks.sort(by: Self.rankedBefore)
        let targetMoods: [MoodWeight] = MusicMood.allCases
            .filter { targets[$0.rawValue] > 0 }
            .map { MoodWeight(mood: $0, weight: targets[$0.rawValue]) }
            .sorted(by: MoodWeight.heavierFirst)
        let result = RecommendationResult(
            tracks: tracks, unknownTrackIds: unknown, targetMoods: targetMoods, emotion: emotion,
            candidates: candidateCount(query: query, playlist: inPlaylist),
            usedMoodCentroid: usedCentroid, moodWeight: moodWeight, maxPerArtist: 0, deduplicated: query.dedupe)
        return (tracks, fetch, result)
    }

    /// Best score first; ties go to the lower catalog index.
    public static func rankedBefore(_ a: Recommendation, _ b: Recommendation) -> Bool {
        a.score > b.score || (a.score == b.score && a.catalogIndex < b.catalogIndex)
    }

    /// Whether track i may be recommended: not in (or a duplicate of) the playlist, a canonical
    /// copy when deduplicating, and passing the explicit and year filters.
    private func eligibility(_ query: RecommendationQuery, playlist: Set<Int32>) -> @Sendable (Int) -> Bool {
        let years = catalog.column(.releaseYear)
        let explicit = catalog.column(.explicit)
        let filledMask = catalog.filledMask
        let yearFiltered = query.yearMin != nil || query.yearMax != nil
        let yearMin = Float(query.yearMin ?? Int.min)
        let yearMax = Float(query.yearMax ?? Int.max)
        let excludeExplicit = query.excludeExplicit
        let dedupe = query.dedupe
        let canonical = duplicates.canonical
        let playlistSongs = Set(playlist.map { canonical[Int($0)] })
        return { @Sendable (i: Int) -> Bool in
            if playlist.contains(Int32(i)) { return false }
            if dedupe && (canonical[i] != Int32(i) || playlistSongs.contains(canonical[i])) { return false }
            if excludeExplicit && explicit[i] >= 0.5 { return false }
            if yearFiltered {
                if filledMask[i] & CatalogColumn.releaseYear.bit != 0 { return false }
                if years[i] < yearMin || years[i] > yearMax { return false }
            }
            return true
        }
    }
}
