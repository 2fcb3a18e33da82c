import MoodMusicVocabulary
/// The labelled tracks of `data_moods.csv` (name,album,artist,id,release_date,popularity,length,
/// danceability,acousticness,energy,instrumentalness,liveness,valence,loudness,speechiness,tempo,
/// key,time_signature,mood): the classifier's features and mood labels.
public struct MoodTrainingSet: Sendable {
    /// The feature columns, in the order of `MoodFeatures.catalogColumns`.
    public static let featureColumns = ["length", "danceability", "acousticness", "energy", "instrumentalness",
                                        "liveness", "valence", "loudness", "speechiness", "tempo"]

    /// Row-major, `featureColumns.count` values per row.
    public var features: [Double]
    public var labels: [MusicMood]
    public var count: Int { labels.count }

    public init(features: [Double], labels: [MusicMood]) {
        precondition(features.count == labels.count * MoodFeatures.count)
        self.features = features
        self.labels = labels
    }

    /// Loads `data_moods.csv`. Rows with a missing or non-numeric feature or an unknown mood are
    /// skipped; their line numbers are returned.
    public static func load(path: String) throws(CatalogError) -> (MoodTrainingSet, skippedLines: [Int]) {
        let bytes = try FileBytes.read(path: path)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(CatalogError) in
            var scanner = CSVScanner(bytes: buffer)
            var fields: [CSVField] = []
            guard case .record = scanner.next(into: &fields) else { throw .noRows(path: path) }
            let header = fields.map { buffer.string($0) }
            let required = featureColumns + ["mood"]
            let missing = required.filter { !header.contains($0) }
            guard missing.isEmpty else { throw .wrongHeader(path: path, missing: missing, found: header) }
            let positions = featureColumns.map { header.firstIndex(of: $0)! }
            let moodPosition = header.firstIndex(of: "mood")!
            var features: [Double] = []
            var labels: [MusicMood] = []
            var skipped: [Int] = []
            var row = [Double](repeating: 0, count: positions.count)
            loop: while true {
                switch scanner.next(into: &fields) {
                case .endOfInput: break loop
                case let .malformed(line): skipped.append(line)
                case let .record(line):
                    guard fields.count == header.count, let mood = MusicMood(label: buffer.string(fields[moodPosition])) else {
                        skipped.append(line)
                        continue
                    }
                    var ok = true
                    for (k, p) in positions.enumerated() {
                        guard let v = NumberParser.double(buffer, fields[p].start, fields[p].end) else { ok = false; break }
                        row[k] = v
                    }
                    guard ok else { skipped.append(line); continue }
                    features.append(contentsOf: row)
                    labels.append(mood)
                }
            }
            guard !labels.isEmpty else { throw .noRows(path: path) }
            return (MoodTrainingSet(features: features, labels: labels), skipped)
        }
    }

    /// The rows at `indices`, in that order.
    public func subset(_ indices: [Int]) -> MoodTrainingSet {
        let d = MoodFeatures.count
        var f: [Double] = []
        f.reserveCapacity(indices.count * d)
        for i in indices { f.append(contentsOf: features[i * d..<(i + 1) * d]) }
        return MoodTrainingSet(features: f, labels: indices.map { labels[$0] })
    }
}

/// The classifier's inputs and where a catalog keeps them.
public enum MoodFeatures {
    public static let count = 10
    /// The catalog columns matching `MoodTrainingSet.featureColumns` (`length` is `duration_ms`).
    public static let catalogColumns: [CatalogColumn] = [
        .durationMs, .danceability, .acousticness, .energy, .instrumentalness,
        .liveness, .valence, .loudness, .speechiness, .tempo,
    ]
}
