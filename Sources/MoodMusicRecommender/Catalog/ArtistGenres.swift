/// Genres per artist, read from the Kaggle `artists.csv` (id,followers,genres,name,popularity).
struct ArtistGenres {
    var text = TextArena()
    private var genreOffsets: [Int32] = [0]
    private var genreIdsFlat: [Int32] = []
    private var artistTable = TextIndexTable(expectedCount: 1024)
    private var genreTable = TextIndexTable(expectedCount: 1024)

    var artistCount: Int { artistTable.count }
    var genreCount: Int { genreTable.count }

    static let requiredColumns = ["id", "genres"]

    static func load(path: String, report: inout LoadReport) throws(CatalogError) -> ArtistGenres {
        let bytes = try FileBytes.read(path: path)
        var result = ArtistGenres()
        try bytes.withUnsafeBufferPointer { (buffer) throws(CatalogError) in
            try result.parse(buffer, path: path, report: &report)
        }
        return result
    }

    private mutating func parse(_ buffer: UnsafeBufferPointer<UInt8>, path: String, report: inout LoadReport) throws(CatalogError) {
        var scanner = CSVScanner(bytes: buffer)
        var fields: [CSVField] = []
        guard case .record = scanner.next(into: &fields) else { throw .noRows(path: path) }
        let header = fields.map { buffer.string($0) }
        let missing = Self.requiredColumns.filter { !header.contains($0) }
        guard missing.isEmpty else { throw .wrongHeader(path: path, missing: missing, found: header) }
        let idColumn = header.firstIndex(of: "id")!
        let genresColumn = header.firstIndex(of: "genres")!
        artistTable = TextIndexTable(expectedCount: buffer.count / 60)
        var rowGenres: [Int32] = []
        var unescaped: [UInt8] = []
        loop: while true {
            switch scanner.next(into: &fields) {
            case .endOfInput: break loop
            case let .malformed(line): report.malformedArtistLines.append(line)
            case let .record(line):
                guard fields.count == header.count, !fields[idColumn].isEmpty else {
                    report.malformedArtistLines.append(line)
                    continue
                }
                rowGenres.removeAll(keepingCapacity: true)
                let genresField = fields[genresColumn]
                let ok: Bool
                if genresField.hasDoubledQuotes {
                    unescaped = CSVText.unescapedBytes(UnsafeBufferPointer(rebasing: buffer[genresField.start..<genresField.end]))
                    ok = unescaped.withUnsafeBufferPointer { u in
                        PythonListLiteral.forEachElement(u, 0, u.count) { rowGenres.append(internGenre($0)) }
                    }
                } else {
                    ok = PythonListLiteral.forEachElement(buffer, genresField.start, genresField.end) { rowGenres.append(internGenre($0)) }
                }
                guard ok else {
                    report.malformedArtistLines.append(line)
                    continue
                }
                let idField = fields[idColumn]
                let idBytes = UnsafeBufferPointer(rebasing: buffer[idField.start..<idField.end])
                guard artistTable.intern(idBytes, in: &text).isNew else { continue }
                genreIdsFlat.append(contentsOf: rowGenres)
                genreOffsets.append(Int32(genreIdsFlat.count))
            }
        }
        report.artistsLoaded = artistTable.count
    }

    private mutating func internGenre(_ name: UnsafeBufferPointer<UInt8>) -> Int32 {
        Int32(genreTable.intern(name, in: &text).index)
    }

    /// The genre ids of the artist with this id, or nil for an unknown artist.
    func genres(ofArtist id: UnsafeBufferPointer<UInt8>) -> ArraySlice<Int32>? {
        guard let index = artistTable.find(id, in: text) else { return nil }
        return genreIdsFlat[Int(genreOffsets[index])..<Int(genreOffsets[index + 1])]
    }

    func genreName(_ id: Int32) -> String { text.string(genreTable.refs[Int(id)]) }
}
