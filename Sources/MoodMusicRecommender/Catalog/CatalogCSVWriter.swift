import Foundation

extension Catalog {
    /// Writes the catalog as a Kaggle-schema `tracks.csv` (LF line ends; fields that were empty
    /// when loaded are written empty again; `id_artists` is written as an empty list literal
    /// because the catalog keeps genres, not artist ids).
    public func writeCSV(to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw CatalogError.cannotRead(path: path, reason: "cannot create")
        }
        defer { try? handle.close() }
        var out = "id,name,popularity,duration_ms,explicit,artists,id_artists,release_date,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature\n"
        let order: [CatalogColumn] = [.danceability, .energy, .key, .loudness, .mode, .speechiness, .acousticness,
                                      .instrumentalness, .liveness, .valence, .tempo, .timeSignature]
        func number(_ i: Int, _ c: CatalogColumn) -> String {
            if wasFilled(i, c) { return "" }
            let v = columns[c.rawValue][i]
            return v.rounded() == v && abs(v) < 1e9 ? String(Int(v)) : String(v)
        }
        for i in 0..<count {
            let artistList = "[" + artists(at: i).map { Self.pythonLiteral($0) }.joined(separator: ", ") + "]"
            var fields = [id(at: i), Self.csvQuoted(name(at: i)), number(i, .popularity), number(i, .durationMs),
                          number(i, .explicit), Self.csvQuoted(artistList), "[]", number(i, .releaseYear)]
            fields += order.map { number(i, $0) }
            out += fields.joined(separator: ",")
            out += "\n"
            if out.utf8.count > 1 << 20 {
                handle.write(Data(out.utf8))
                out = ""
            }
        }
        handle.write(Data(out.utf8))
    }

    static func csvQuoted(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A Python string literal the way `repr` writes it (single quotes unless the text has one).
    static func pythonLiteral(_ s: String) -> String {
        let escaped = s.replacingOccurrences(of: "\\", with: "\\\\")
        if !s.contains("'") { return "'" + escaped + "'" }
        if !s.contains("\"") { return "\"" + escaped + "\"" }
        return "'" + escaped.replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
