/// Why a catalog or training file could not be loaded.
public enum CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotRead(path: String, reason: String)
    /// The header lacks columns the schema needs.
    case wrongHeader(path: String, missing: [String], found: [String])
    /// The file has a header but no usable row.
    case noRows(path: String)

    public var description: String {
        switch self {
        case let .cannotRead(path, reason):
            "cannot read \(path): \(reason)"
        case let .wrongHeader(path, missing, found):
            "\(path) does not have the expected header: missing column(s) \(missing.joined(separator: ", ")); found: \(found.joined(separator: ","))"
        case let .noRows(path):
            "\(path) has no usable rows"
        }
    }
}
