/// A query (playlist or mood-centroid) vector in the same component layout as the tracks' vectors.
struct QueryVector: Sendable {
    var audio = [Float](repeating: 0, count: TrackVectors.audioCount)
    var year = [Float](repeating: 0, count: Buckets.yearCount)
    var exactYear = [Float](repeating: 0, count: Buckets.exactYearCount)
    var popularity = [Float](repeating: 0, count: Buckets.popularityCount)
    var mood = [Float](repeating: 0, count: TrackVectors.moodCount)
    var genre: [Float]

    init(genreCount: Int) { genre = [Float](repeating: 0, count: genreCount) }

    var dense: [Float] { audio + year + exactYear + popularity + mood + genre }

    var norm: Float {
        var s: Double = 0
        for v in dense { s += Double(v) * Double(v) }
        return Float(s.squareRoot())
    }

    /// Adds only the audio and mood groups of `other` (a mood profile).
    mutating func add(soundOf other: QueryVector, weight: Float) {
        for i in audio.indices { audio[i] += weight * other.audio[i] }
        for i in mood.indices { mood[i] += weight * other.mood[i] }
    }

    mutating func add(_ other: QueryVector, weight: Float) {
        for i in audio.indices { audio[i] += weight * other.audio[i] }
        for i in year.indices { year[i] += weight * other.year[i] }
        for i in exactYear.indices { exactYear[i] += weight * other.exactYear[i] }
        for i in popularity.indices { popularity[i] += weight * other.popularity[i] }
        for i in mood.indices { mood[i] += weight * other.mood[i] }
        for i in genre.indices { genre[i] += weight * other.genre[i] }
    }
}
