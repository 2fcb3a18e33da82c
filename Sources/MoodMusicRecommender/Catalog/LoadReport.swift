import Foundation

/// What loading a catalog did: how many rows were read and kept, which empty fields were filled
/// with which median, and which lines were skipped as malformed.
public struct LoadReport: Sendable, CustomStringConvertible {
    /// Data rows seen in `tracks.csv` (not counting the header).
    public var rowsRead = 0
    /// Tracks kept in the catalog.
    public var tracksLoaded = 0
    /// Per column: how many empty fields were filled, and with what median.
    public var filled: [(column: CatalogColumn, count: Int, median: Double)] = []
    /// 1-based line numbers of rows skipped as malformed (bad quoting, wrong field count, a value
    /// that is not a number, a broken list literal, an empty id).
    public var malformedLines: [Int] = []
    /// 1-based line numbers of rows skipped because their id appeared earlier.
    public var duplicateIdLines: [Int] = []
    /// Rows of `artists.csv` loaded (0 without an artists file).
    public var artistsLoaded = 0
    /// 1-based line numbers of malformed rows skipped in `artists.csv`.
    public var malformedArtistLines: [Int] = []
    /// Tracks with at least one genre (through `id_artists` → `artists.csv`).
    public var tracksWithGenres = 0
    /// Distinct genres seen on tracks.
    public var genreCount = 0
    /// Wall time of the load, in seconds.
    public var seconds = 0.0

    public var description: String {
        var lines: [String] = []
        lines.append("rows read:        \(rowsRead)")
        lines.append("tracks loaded:    \(tracksLoaded)")
        lines.append("artists loaded:   \(artistsLoaded)")
        lines.append("tracks w/ genres: \(tracksWithGenres) (\(genreCount) genres)")
        if filled.isEmpty {
            lines.append("empty fields:     none")
        } else {
            lines.append("empty fields filled with the column median:")
            for entry in filled {
                let median = entry.median.rounded() == entry.median ? String(Int(entry.median)) : String(entry.median)
                lines.append("  \(entry.column.csvName.padding(toLength: 17, withPad: " ", startingAt: 0)) \(String(entry.count).leftPadded(7)) rows  → \(median)")
            }
        }
        lines.append("malformed rows:   \(malformedLines.count)\(Self.sample(malformedLines))")
        lines.append("duplicate ids:    \(duplicateIdLines.count)\(Self.sample(duplicateIdLines))")
        if !malformedArtistLines.isEmpty {
            lines.append("malformed artist rows: \(malformedArtistLines.count)\(Self.sample(malformedArtistLines))")
        }
        lines.append("load time:        \(String(format: "%.3f", seconds)) s")
        return lines.joined(separator: "\n")
    }

    private static func sample(_ lines: [Int]) -> String {
        guard !lines.isEmpty else { return "" }
        let shown = lines.prefix(20).map(String.init).joined(separator: ", ")
        return " (line\(lines.count == 1 ? "" : "s") \(shown)\(lines.count > 20 ? ", …" : ""))"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
