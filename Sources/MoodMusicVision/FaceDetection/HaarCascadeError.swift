/// Why a cascade file could not be loaded.
public enum HaarCascadeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String)
    /// The file is not well-formed XML or lacks a field the cascade format requires.
    case malformed(String)
    /// A valid cascade of a kind this evaluator does not run (LBP, tilted features, deeper trees).
    case unsupported(String)

    public var description: String {
        switch self {
        case .unreadable(let path): return "cannot read cascade file at \(path)"
        case .malformed(let detail): return "malformed cascade: \(detail)"
        case .unsupported(let detail): return "unsupported cascade: \(detail)"
        }
    }
}
