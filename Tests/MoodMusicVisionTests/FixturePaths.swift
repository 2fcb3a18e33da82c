import Foundation

/// Locates test fixtures from this file's own path (no SwiftPM resources).
enum FixturePaths {
    /// The repository root: three levels above Tests/MoodMusicVisionTests/FixturePaths.swift.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let faces = repositoryRoot.appendingPathComponent("Tests/MoodMusicVisionTests/Fixtures/faces")

    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "fixture missing: \(path) (run scripts/make-face-fixtures)" }
    }

    /// Bytes of a file given relative to the repository root.
    static func bytes(_ relativePath: String) throws -> [UInt8] {
        let url = repositoryRoot.appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw Missing(path: url.path) }
        return [UInt8](data)
    }

    /// Bytes of a file in Tests/MoodMusicVisionTests/Fixtures/faces.
    static func face(_ name: String) throws -> [UInt8] {
        try bytes("Tests/MoodMusicVisionTests/Fixtures/faces/\(name)")
    }
}
