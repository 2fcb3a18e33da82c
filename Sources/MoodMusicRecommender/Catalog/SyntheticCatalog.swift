extension Catalog {
    /// A catalog of `count` made-up tracks that follows `source`'s feature distributions, for
    /// benchmarks at scales no real file here has: each track copies a random source track's
    /// name, artists, genres and which fields were empty, and jitters its numeric values by up to
    /// ±`jitter` of each column's range (clamped to the range). Ids are fresh random base-62
    /// strings. `sources[i]` is the source track of track i.
    public static func synthetic(from source: Catalog, count: Int, seed: UInt64 = 0, jitter: Float = 0.02)
        -> (catalog: Catalog, sources: [Int]) {
        var rng = SplitMix64(seed: seed)
        var out = Catalog()
        out.text = source.text
        out.genreNames = source.genreNames
        out.idTable = TextIndexTable(expectedCount: count)
        let lows = source.columns.map { $0.min() ?? 0 }
        let highs = source.columns.map { $0.max() ?? 0 }
        let integralColumns: [CatalogColumn] = [.popularity, .durationMs, .explicit, .releaseYear, .key, .mode, .timeSignature]
        let integral = CatalogColumn.allCases.map { integralColumns.contains($0) }
        var sources = [Int](repeating: 0, count: count)
        for c in out.columns.indices { out.columns[c].reserveCapacity(count) }
        out.names.reserveCapacity(count)
        out.filledMask.reserveCapacity(count)
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        var id = [UInt8](repeating: 0, count: 22)
        for i in 0..<count {
            let s = rng.next(below: source.count)
            sources[i] = s
            while true {
                for j in 0..<22 { id[j] = alphabet[rng.next(below: 62)] }
                if id.withUnsafeBufferPointer({ out.idTable.intern($0, in: &out.text).isNew }) { break }
            }
            out.names.append(source.names[s])
            for a in Int(source.artistOffsets[s])..<Int(source.artistOffsets[s + 1]) { out.artistNames.append(source.artistNames[a]) }
            out.artistOffsets.append(Int32(out.artistNames.count))
            out.genreIds.append(contentsOf: source.genreIdSlice(s))
            out.genreOffsets.append(Int32(out.genreIds.count))
            out.filledMask.append(source.filledMask[s])
            for column in CatalogColumn.allCases {
                let c = column.rawValue
                var v = source.columns[c][s]
                if column != .explicit && column != .mode {
                    let u = Float(rng.next() >> 40) / Float(1 << 24) * 2 - 1
                    v = min(max(v + u * jitter * (highs[c] - lows[c]), lows[c]), highs[c])
                    if integral[c] { v = v.rounded() }
                }
                out.columns[c].append(v)
            }
        }
        return (out, sources)
    }
}
