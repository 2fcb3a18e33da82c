/// An in-memory track catalog in the Kaggle "Spotify 600k tracks" schema, stored column by column.
///
/// Text (ids, names, artist names) lives in one byte arena; numeric columns are `[Float]` with
/// empty fields already filled with the column median (see `wasFilled`).
public struct Catalog: Sendable {
    var text = TextArena()
    var idTable = TextIndexTable(expectedCount: 1024)
    var names: [TextRef] = []
    var artistNames: [TextRef] = []
    /// Track `i`'s artists are `artistNames[artistOffsets[i]..<artistOffsets[i + 1]]`.
    var artistOffsets: [Int32] = [0]
    /// Track `i`'s genres (distinct ids into `genreNames`) are `genreIds[genreOffsets[i]..<genreOffsets[i + 1]]`.
    var genreIds: [Int32] = []
    var genreOffsets: [Int32] = [0]
    /// Genre names, indexed by genre id.
    public internal(set) var genreNames: [String] = []
    /// One array per `CatalogColumn`, indexed by `rawValue`.
    var columns: [[Float]] = Array(repeating: [], count: CatalogColumn.allCases.count)
    /// Per track, a bit per `CatalogColumn` whose field was empty and filled with the median.
    var filledMask: [UInt16] = []

    /// Number of tracks.
    public var count: Int { names.count }

    /// The values of one numeric column, one per track.
    public func column(_ column: CatalogColumn) -> [Float] { columns[column.rawValue] }

    /// Whether track `index`'s value in `column` was empty in the file (and so is the median).
    public func wasFilled(_ index: Int, _ column: CatalogColumn) -> Bool { filledMask[index] & column.bit != 0 }

    /// The index of the track with this Spotify id, or nil.
    public func index(ofId id: String) -> Int? {
        var copy = id
        return copy.withUTF8 { idTable.find($0, in: text) }
    }

    public func id(at index: Int) -> String { text.string(idTable.refs[index]) }
    public func name(at index: Int) -> String { text.string(names[index]) }
    public func artists(at index: Int) -> [String] {
        (Int(artistOffsets[index])..<Int(artistOffsets[index + 1])).map { text.string(artistNames[$0]) }
    }
    public func genres(at index: Int) -> [String] {
        genreIdSlice(index).map { genreNames[Int($0)] }
    }
    func genreIdSlice(_ index: Int) -> ArraySlice<Int32> {
        genreIds[Int(genreOffsets[index])..<Int(genreOffsets[index + 1])]
    }

    /// The release year, or nil when `release_date` was empty.
    public func releaseYear(at index: Int) -> Int? {
        wasFilled(index, .releaseYear) ? nil : Int(columns[CatalogColumn.releaseYear.rawValue][index])
    }

    /// Whether the track is marked explicit (an empty field counts as the median, normally 0).
    public func isExplicit(at index: Int) -> Bool { columns[CatalogColumn.explicit.rawValue][index] >= 0.5 }
}
