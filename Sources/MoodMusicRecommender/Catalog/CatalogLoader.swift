import Foundation

extension Catalog {
    /// The `tracks.csv` columns the loader needs (any order; extra columns are ignored).
    public static let requiredTrackColumns = ["id", "name", "artists", "id_artists"] + CatalogColumn.allCases.map(\.csvName)

    /// Loads a Kaggle-schema `tracks.csv` (optionally `.csv.gz`) and, when given, its `artists.csv`
    /// for genres. Empty numeric fields are filled with the column median; malformed rows are
    /// skipped. Both are listed in the returned report.
    public static func load(tracksPath: String, artistsPath: String? = nil) throws(CatalogError) -> (Catalog, LoadReport) {
        let started = Date()
        var report = LoadReport()
        let artists = try artistsPath.map { (path) throws(CatalogError) in try ArtistGenres.load(path: path, report: &report) }
        let bytes = try FileBytes.read(path: tracksPath)
        var builder = CatalogBuilder(artists: artists, expectedRows: bytes.count / 180)
        try bytes.withUnsafeBufferPointer { (buffer) throws(CatalogError) in
            try builder.parse(buffer, path: tracksPath, report: &report)
        }
        var catalog = builder.finish(report: &report)
        if let artists {
            catalog.genreNames = (0..<artists.genreCount).map { artists.genreName(Int32($0)) }
        }
        report.tracksLoaded = catalog.count
        report.tracksWithGenres = (0..<catalog.count).reduce(0) { $0 + (catalog.genreOffsets[$1 + 1] > catalog.genreOffsets[$1] ? 1 : 0) }
        report.genreCount = Set(catalog.genreIds).count
        report.seconds = Date().timeIntervalSince(started)
        return (catalog, report)
    }
}

/// Turns `tracks.csv` rows into a `Catalog`.
struct CatalogBuilder {
    private var catalog = Catalog()
    private let artists: ArtistGenres?
    private var fields: [CSVField] = []
    private var scratch: [UInt8] = []
    private var rowGenres: [Int32] = []
    private var rowValues = [Float](repeating: 0, count: CatalogColumn.allCases.count)

    init(artists: ArtistGenres?, expectedRows: Int) {
        self.artists = artists
        catalog.idTable = TextIndexTable(expectedCount: max(expectedRows, 1024))
        for c in CatalogColumn.allCases { catalog.columns[c.rawValue].reserveCapacity(expectedRows) }
        catalog.names.reserveCapacity(expectedRows)
    }

    mutating func parse(_ buffer: UnsafeBufferPointer<UInt8>, path: String, report: inout LoadReport) throws(CatalogError) {
        var scanner = CSVScanner(bytes: buffer)
        guard case .record = scanner.next(into: &fields) else { throw .noRows(path: path) }
        let header = fields.map { buffer.string($0) }
        let missing = Catalog.requiredTrackColumns.filter { !header.contains($0) }
        guard missing.isEmpty else { throw .wrongHeader(path: path, missing: missing, found: header) }
        let position = { (name: String) in header.firstIndex(of: name)! }
        let layout = RowLayout(
            fieldCount: header.count, id: position("id"), name: position("name"),
            artists: position("artists"), idArtists: position("id_artists"),
            numeric: CatalogColumn.allCases.map { position($0.csvName) }
        )
        loop: while true {
            switch scanner.next(into: &fields) {
            case .endOfInput: break loop
            case let .malformed(line):
                report.rowsRead += 1
                report.malformedLines.append(line)
            case let .record(line):
                report.rowsRead += 1
                switch addRow(buffer, layout) {
                case .added: break
                case .malformed: report.malformedLines.append(line)
                case .duplicate: report.duplicateIdLines.append(line)
                }
            }
        }
    }

    private struct RowLayout {
        var fieldCount, id, name, artists, idArtists: Int
        var numeric: [Int]
    }

    private enum RowOutcome { case added, malformed, duplicate }

    private mutating func addRow(_ buffer: UnsafeBufferPointer<UInt8>, _ layout: RowLayout) -> RowOutcome {
        guard fields.count == layout.fieldCount else { return .malformed }
        let idField = fields[layout.id]
        guard !idField.isEmpty, !idField.hasDoubledQuotes else { return .malformed }
        // Parse everything before touching the catalog, so a malformed row leaves no trace.
        var filled: UInt16 = 0
        for column in CatalogColumn.allCases {
            let field = fields[layout.numeric[column.rawValue]]
            if field.isEmpty {
                filled |= column.bit
                rowValues[column.rawValue] = .nan
                continue
            }
            let value: Double?
            switch column {
            case .releaseYear: value = Self.year(buffer, field)
            case .explicit: value = Self.flag(buffer, field)
            default: value = NumberParser.double(buffer, field.start, field.end)
            }
            guard let value, value.isFinite else { return .malformed }
            rowValues[column.rawValue] = Float(value)
        }
        rowGenres.removeAll(keepingCapacity: true)
        if let artists {
            let ok = Self.withFieldBytes(buffer, fields[layout.idArtists]) { bytes, start, end in
                PythonListLiteral.forEachElement(bytes, start, end) { artistId in
                    if let genres = artists.genres(ofArtist: artistId) { rowGenres.append(contentsOf: genres) }
                }
            }
            guard ok else { return .malformed }
        } else {
            let ok = Self.withFieldBytes(buffer, fields[layout.idArtists]) { bytes, start, end in
                PythonListLiteral.forEachElement(bytes, start, end) { _ in }
            }
            guard ok else { return .malformed }
        }
        let artistStart = catalog.artistNames.count
        var text = catalog.text
        catalog.text = TextArena()
        defer { catalog.text = text }
        let artistsOK = Self.withFieldBytes(buffer, fields[layout.artists]) { bytes, start, end in
            PythonListLiteral.forEachElement(bytes, start, end) { catalog.artistNames.append(text.append($0)) }
        }
        guard artistsOK else {
            catalog.artistNames.removeSubrange(artistStart...)
            return .malformed
        }
        let idBytes = UnsafeBufferPointer(rebasing: buffer[idField.start..<idField.end])
        guard catalog.idTable.intern(idBytes, in: &text).isNew else {
            catalog.artistNames.removeSubrange(artistStart...)
            return .duplicate
        }
        let nameField = fields[layout.name]
        if nameField.hasDoubledQuotes {
            scratch = CSVText.unescapedBytes(UnsafeBufferPointer(rebasing: buffer[nameField.start..<nameField.end]))
            catalog.names.append(scratch.withUnsafeBufferPointer { text.append($0) })
        } else {
            catalog.names.append(text.append(UnsafeBufferPointer(rebasing: buffer[nameField.start..<nameField.end])))
        }
        catalog.artistOffsets.append(Int32(catalog.artistNames.count))
        if !rowGenres.isEmpty {
            rowGenres.sort()
            var previous: Int32 = -1
            for g in rowGenres where g != previous {
                catalog.genreIds.append(g)
                previous = g
            }
        }
        catalog.genreOffsets.append(Int32(catalog.genreIds.count))
        for column in CatalogColumn.allCases { catalog.columns[column.rawValue].append(rowValues[column.rawValue]) }
        catalog.filledMask.append(filled)
        return .added
    }

    /// Runs `body` on the field's bytes with CSV `""` escapes folded.
    private static func withFieldBytes(
        _ buffer: UnsafeBufferPointer<UInt8>, _ field: CSVField,
        _ body: (UnsafeBufferPointer<UInt8>, Int, Int) -> Bool
    ) -> Bool {
        guard field.hasDoubledQuotes else { return body(buffer, field.start, field.end) }
        let unescaped = CSVText.unescapedBytes(UnsafeBufferPointer(rebasing: buffer[field.start..<field.end]))
        return unescaped.withUnsafeBufferPointer { body($0, 0, $0.count) }
    }

    /// The year of a `release_date`: `1999`, `1999-05` or `1999-05-17`.
    static func year(_ buffer: UnsafeBufferPointer<UInt8>, _ field: CSVField) -> Double? {
        var year = 0
        var i = field.start
        while i < field.end, case let d = buffer[i] &- 0x30, d < 10, i - field.start < 4 {
            year = year * 10 + Int(d)
            i += 1
        }
        guard i - field.start == 4 else { return nil }
        let rest = field.end - i
        guard rest == 0 || rest == 3 || rest == 6, i == field.end || buffer[i] == UInt8(ascii: "-") else { return nil }
        return Double(year)
    }

    /// `0`/`1` (also `True`/`False`).
    static func flag(_ buffer: UnsafeBufferPointer<UInt8>, _ field: CSVField) -> Double? {
        let first = buffer[field.start]
        switch first {
        case UInt8(ascii: "T"), UInt8(ascii: "t"): return 1
        case UInt8(ascii: "F"), UInt8(ascii: "f"): return 0
        default: return NumberParser.double(buffer, field.start, field.end)
        }
    }

    /// Fills empty fields with column medians and returns the finished catalog.
    mutating func finish(report: inout LoadReport) -> Catalog {
        for column in CatalogColumn.allCases {
            let values = catalog.columns[column.rawValue]
            let emptyCount = values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
            guard emptyCount > 0 else { continue }
            let median = Self.median(values.filter { !$0.isNaN })
            catalog.columns[column.rawValue] = values.map { $0.isNaN ? median : $0 }
            report.filled.append((column, emptyCount, Double(median)))
        }
        return catalog
    }

    /// The median (the mean of the middle two for an even count); 0 for an empty column.
    static func median(_ values: [Float]) -> Float {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
