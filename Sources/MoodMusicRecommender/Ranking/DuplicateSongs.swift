/// The same song under several track ids (re-releases, compilations): tracks whose normalised
/// title and artist set are equal form a group, and the group's most popular, most complete track
/// is its canonical one. Only canonical tracks are recommended when a query dedupes.
struct DuplicateSongs: Sendable {
    /// Per track, the catalog index of its group's canonical track (itself when unique).
    let canonical: [Int32]

    /// Lower-cased letters and digits, single spaces between words.
    static func normalisedTitle(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(ch)
            } else {
                pendingSpace = true
            }
        }
        return out
    }

    static func key(name: String, artists: [String]) -> String {
        normalisedTitle(name) + "\u{1}" + artists.map(normalisedTitle).sorted().joined(separator: "\u{2}")
    }

    /// Rank inside a group: known popularity (higher first), then more known fields, then the
    /// lower catalog index.
    static func better(_ a: Int, than b: Int, in catalog: Catalog) -> Bool {
        let popularity = catalog.column(.popularity)
        func known(_ i: Int) -> Float { catalog.wasFilled(i, .popularity) ? -1 : popularity[i] }
        func completeness(_ i: Int) -> Int {
            (catalog.wasFilled(i, .releaseYear) ? 0 : 1) + (catalog.genreIdSlice(i).isEmpty ? 0 : 1)
                + (catalog.filledMask[i] == 0 ? 1 : 0)
        }
        if known(a) != known(b) { return known(a) > known(b) }
        if completeness(a) != completeness(b) { return completeness(a) > completeness(b) }
        return a < b
    }

    init(catalog: Catalog) {
        var best: [String: Int32] = [:]
        var keys: [String] = []
        keys.reserveCapacity(catalog.count)
        for i in 0..<catalog.count {
            let key = Self.key(name: catalog.name(at: i), artists: catalog.artists(at: i))
            keys.append(key)
            if let current = best[key] {
                if Self.better(i, than: Int(current), in: catalog) { best[key] = Int32(i) }
            } else {
                best[key] = Int32(i)
            }
        }
        canonical = keys.map { best[$0]! }
    }

    /// Every track its own group (no deduplication).
    init(identityOf count: Int) { canonical = (0..<count).map { Int32($0) } }
}
