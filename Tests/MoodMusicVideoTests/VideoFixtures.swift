import Foundation

/// Videos made at test time with the `ffmpeg` command (scripts/install-deps installs it), in a
/// private temporary directory that is removed afterwards; only the bytes are kept.
enum VideoFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let ffmpeg: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/ffmpeg" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// A fresh directory; `body` gets it, and it is deleted when `body` returns or throws.
    static func withDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mm-video-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory)
    }

    /// Runs ffmpeg with `arguments` in `directory` (quiet, overwriting, one thread).
    static func run(_ arguments: [String], in directory: URL) throws {
        guard let ffmpeg else { throw Failure(description: "the ffmpeg command is not installed (run scripts/install-deps)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ffmpeg)
        process.arguments = ["-nostdin", "-v", "error", "-y", "-threads", "1"] + arguments
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "ffmpeg \(arguments.joined(separator: " ")) failed: \(String(decoding: message, as: UTF8.self))")
        }
    }

    /// Makes `name` in a temporary directory with ffmpeg and returns its bytes.
    static func make(_ name: String, _ arguments: [String]) throws -> [UInt8] {
        try withDirectory { directory in
            try run(arguments + [name], in: directory)
            return [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
        }
    }

    /// A synthetic clip: `seconds` of FFmpeg's test pattern at `size` and `rate`, keyframe every `gop` frames.
    static func testPattern(_ name: String, seconds: Double, size: String = "160x120", rate: Int = 25, gop: Int = 25,
                            codec: [String] = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"],
                            extra: [String] = []) throws -> [UInt8] {
        try make(name, ["-f", "lavfi", "-i", "testsrc=size=\(size):rate=\(rate):duration=\(seconds)"]
            + codec + ["-g", "\(gop)"] + extra)
    }
}
