import CZlib
import Foundation

/// Reads a whole file into memory, transparently inflating gzip files.
///
/// A file is treated as gzip when its name ends in `.gz`; zlib's `gzread` also passes plain files
/// through unchanged, so a mislabelled file still loads.
enum FileBytes {
    static func read(path: String) throws(CatalogError) -> [UInt8] {
        if path.hasSuffix(".gz") { return try readGzip(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .cannotRead(path: path, reason: "no such file or not readable")
        }
        return [UInt8](data)
    }

    private static func readGzip(path: String) throws(CatalogError) -> [UInt8] {
        guard let file = gzopen(path, "rb") else {
            throw .cannotRead(path: path, reason: "cannot open")
        }
        defer { gzclose(file) }
        _ = gzbuffer(file, 1 << 20)
        var out: [UInt8] = []
        out.reserveCapacity(1 << 24)
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32(chunk)) }
            if n < 0 { throw .cannotRead(path: path, reason: "corrupt gzip data") }
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<Int(n)])
        }
        return out
    }
}
