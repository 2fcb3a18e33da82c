import Foundation

/// Files of this repository, found from the test's own source location (tests may run from any
/// directory).
public enum RepositoryPaths {
    /// The folder holding Package.swift.
    public static func root(near sourceFile: String = #filePath) -> String {
        var directory = URL(fileURLWithPath: sourceFile).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) { return directory.path }
            directory = directory.deletingLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath
    }

    public static func file(_ relative: String, near sourceFile: String = #filePath) -> String {
        root(near: sourceFile) + "/" + relative
    }

    public static func bytes(_ relative: String, near sourceFile: String = #filePath) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: file(relative, near: sourceFile))))
    }
}
