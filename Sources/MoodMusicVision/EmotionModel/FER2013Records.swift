import Foundation
import MoodMusicVocabulary

/// One FER2013 sample: a 48 × 48 grayscale face and its label.
public struct FER2013Record: Sendable {
    public let label: Emotion
    public let image: GrayImage
}

/// Reader for the project's FER2013 dumps (`../shared/data/fer2013/*.bin.gz`): gzip of headerless 2,305-byte
/// records, byte 0 the label id (0–6, `Emotion` order) and bytes 1…2304 the 48 × 48 pixels, row-major.
public enum FER2013Records {
    public static let side = 48
    public static let recordSize = 1 + 48 * 48

    /// Parses concatenated records.
    public static func parse(_ bytes: [UInt8]) throws -> [FER2013Record] {
        guard bytes.count % recordSize == 0 else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "FER2013 data is \(bytes.count) bytes, not a multiple of \(recordSize)"])
        }
        return try stride(from: 0, to: bytes.count, by: recordSize).map { start in
            guard let label = Emotion(rawValue: Int(bytes[start])) else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "bad FER2013 label \(bytes[start]) at byte \(start)"])
            }
            return FER2013Record(label: label, image: GrayImage(width: side, height: side, pixels: Array(bytes[(start + 1)..<(start + recordSize)])))
        }
    }

    /// Reads and parses a file; names ending in `.gz` are decompressed with the system's `gzip -dc`.
    public static func load(path: String) throws -> [FER2013Record] {
        try parse(readMaybeGzipped(path: path))
    }

    /// The bytes of `path`, decompressed with `gzip -dc` when the name ends in `.gz`.
    public static func readMaybeGzipped(path: String) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        guard path.hasSuffix(".gz") else { return Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: "gzip -dc failed"])
        }
        return Array(data)
    }
}
