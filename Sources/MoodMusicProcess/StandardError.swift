import Foundation

/// Writes a line to standard error, unbuffered: for the processes' own diagnostics.
public func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
