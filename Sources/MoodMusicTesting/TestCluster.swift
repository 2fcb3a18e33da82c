import MoodMusicClient
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire
import Foundation

/// A real gateway and real workers, as separate processes on loopback ports chosen here, for
/// multi-process tests. Binaries come from `MOODMUSIC_BIN`, or the build folder the test
/// binary itself runs from.
///
/// Lifecycle: `init` starts the gateway; `startWorker` as needed; `stop()` exactly once.
public final class TestCluster: @unchecked Sendable {
    public let frontend: String
    public let backend: String
    public let metricsPort: Int
    public let heartbeatMs: Int
    public let logDirectory: String
    public private(set) var gateway: ManagedProcess
    private var workers: [ManagedProcess] = []
    private let binDirectory: String
    private let gatewayArguments: [String]

    public init(heartbeatMs: Int = 200, gatewayArguments: [String] = [], metrics: Bool = false) throws {
        binDirectory = Self.locateBinaries()
        frontend = "tcp://127.0.0.1:\(freeLoopbackPort())"
        backend = "tcp://127.0.0.1:\(freeLoopbackPort())"
        metricsPort = metrics ? freeLoopbackPort() : 0
        self.heartbeatMs = heartbeatMs
        self.gatewayArguments = gatewayArguments
        logDirectory = NSTemporaryDirectory() + "moodmusic-tests/\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
        gateway = try Self.launchGateway(binDirectory, frontend, backend, heartbeatMs, metricsPort, gatewayArguments, logDirectory, generation: 0)
    }

    private static func launchGateway(_ bin: String, _ frontend: String, _ backend: String, _ heartbeatMs: Int, _ metricsPort: Int,
                                      _ extra: [String], _ logs: String, generation: Int) throws -> ManagedProcess {
        try ManagedProcess(
            name: generation == 0 ? "gateway" : "gateway-\(generation)", executable: "\(bin)/gateway",
            arguments: ["--frontend", frontend, "--backend", backend, "--heartbeat-ms", "\(heartbeatMs)",
                        "--metrics-port", "\(metricsPort)", "--metrics-host", "127.0.0.1"] + extra,
            logDirectory: logs)
    }

    /// Starts `worker ROLE` connected to this gateway.
    @discardableResult
    public func startWorker(_ role: String, name: String, arguments: [String] = [], environment: [String: String] = [:]) throws -> ManagedProcess {
        let worker = try ManagedProcess(
            name: name, executable: "\(binDirectory)/worker",
            arguments: [role, "--gateway", backend, "--name", name, "--heartbeat-ms", "\(heartbeatMs)"] + arguments,
            logDirectory: logDirectory, environment: environment, workingDirectory: RepositoryPaths.root())
        workers.append(worker)
        return worker
    }

    /// Kills the gateway with SIGKILL and starts a new one on the same ports.
    public func restartGateway() throws {
        gateway.kill9()
        gateway = try Self.launchGateway(binDirectory, frontend, backend, heartbeatMs, metricsPort, gatewayArguments, logDirectory, generation: workers.count + 1)
    }

    /// How `client()` and `waitUntilServing` connect (set it when the gateway runs with CURVE).
    public var clientSecurity: SocketSecurity = .none

    public func client(timeoutMs: UInt32 = 10_000) throws -> MoodMusicClient {
        try MoodMusicClient(gateway: frontend, defaultTimeoutMs: timeoutMs, security: clientSecurity)
    }

    /// Runs `mmctl` against this gateway and returns its exit status and output.
    public func mmctl(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        try runTool("mmctl", arguments + ["--gateway", frontend], environment: environment)
    }

    /// Runs `loadgen` against this gateway and returns its exit status and output.
    public func loadgen(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try runTool("loadgen", arguments + ["--gateway", frontend])
    }

    private func runTool(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = try ManagedProcess(name: "\(tool)-\(UUID().uuidString.prefix(6))", executable: "\(binDirectory)/\(tool)",
                                         arguments: arguments, logDirectory: logDirectory, environment: environment,
                                         workingDirectory: RepositoryPaths.root())
        guard process.waitForExit(timeout: 120) else {
            process.kill9()
            throw ClusterError("\(tool) \(arguments) did not finish")
        }
        return (process.exitStatus ?? -1, process.log())
    }

    /// Polls Health until `service` has at least `workers` live workers.
    public func waitUntilServing(_ service: String, workers: Int = 1, timeout: Double = 60) throws {
        let client = try self.client(timeoutMs: 1000)
        defer { client.close() }
        let deadline = Date().addingTimeInterval(timeout)
        var last = "no answer"
        while Date() < deadline {
            do {
                let health = try client.health(service: service)
                if let entry = health.services.first(where: { $0.service == service }), entry.liveWorkers >= workers { return }
                last = "\(health.services.map { "\($0.service)=\($0.liveWorkers)" })"
            } catch {
                last = "\(error)"
            }
            usleep(50_000)
        }
        throw ClusterError("\(service) did not reach \(workers) live worker(s) in \(timeout) s (last: \(last))\n\(logs())")
    }

    /// Every process's log, for failure messages.
    public func logs() -> String {
        ([gateway] + workers).map { "--- \($0.name) ---\n\($0.log())" }.joined(separator: "\n")
    }

    public func stop() {
        for worker in workers { worker.stop(grace: 5) }
        gateway.stop(grace: 5)
    }

    static func locateBinaries() -> String {
        if let bin = ProcessInfo.processInfo.environment["MOODMUSIC_BIN"], !bin.isEmpty { return bin }
        // The test bundle runs from the build folder that also holds the executables.
        var dir = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        for _ in 0..<4 {
            dir = dir.deletingLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("gateway").path) { return dir.path }
        }
        return ".build/debug"
    }
}

public struct ClusterError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
