import Foundation

/// A child process started by a test. Its output goes to a log file, so a failing test can show it.
///
/// Lifecycle: `start` launches; `stop()` (SIGTERM, then SIGKILL after a grace period) or
/// `kill9()` ends it. Every process a test starts must be stopped by that test.
public final class ManagedProcess: @unchecked Sendable {
    public let name: String
    public let logPath: String
    private let process: Process

    public init(name: String, executable: String, arguments: [String], logDirectory: String, environment: [String: String] = [:],
                workingDirectory: String? = nil) throws {
        self.name = name
        logPath = "\(logDirectory)/\(name).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = log
        process.standardError = log
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    /// SIGTERM, wait up to `grace` seconds, then SIGKILL. Returns the exit status when it exited by itself.
    @discardableResult
    public func stop(grace: Double = 5) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(pid, SIGTERM)
        if waitForExit(timeout: grace) { return process.terminationStatus }
        kill9()
        return nil
    }

    public func kill9() {
        guard process.isRunning else { return }
        kill(pid, SIGKILL)
        _ = waitForExit(timeout: 5)
    }

    public func signal(_ signal: Int32) { kill(pid, signal) }

    /// Waits until the process exits; false on time-out.
    public func waitForExit(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        return !process.isRunning
    }

    public var exitStatus: Int32? { process.isRunning ? nil : process.terminationStatus }

    public func log() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }
}
