import Foundation
import Logging
import MoodMusicClient
import MoodMusicGateway
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire
import MoodMusicWorker

/// A gateway and workers on threads of the test process, talking over an `InProcessTransport`:
/// the real broker loop, worker runtime and client, with no sockets and no child processes.
///
/// Lifecycle: `init` starts the gateway; `addWorker` as needed; `stop()` exactly once, which
/// stops every worker and then the gateway and waits for their threads.
public final class InProcessCluster: @unchecked Sendable {
    public let transport = InProcessTransport()
    public let frontend: String
    public let backend: String
    private let gatewayStop = StopToken()
    private let gatewayDone = DispatchSemaphore(value: 0)
    private var workers: [(stop: StopToken, done: DispatchSemaphore)] = []
    private let lock = NSLock()

    public init(configure: (inout GatewayConfiguration) -> Void = { _ in }) throws {
        let tag = UUID().uuidString.prefix(8)
        var configuration = GatewayConfiguration()
        configuration.frontend = "inproc://gateway-frontend-\(tag)"
        configuration.backend = "inproc://gateway-backend-\(tag)"
        configuration.heartbeat = HeartbeatPolicy(intervalMs: 100, liveness: 3)
        configuration.drainTimeoutMs = 2000
        configure(&configuration)
        frontend = configuration.frontend
        backend = configuration.backend
        let started = DispatchSemaphore(value: 0)
        let failure = Box<Error?>(nil)
        let (transport, stop, done, settings) = (transport, gatewayStop, gatewayDone, configuration)
        let thread = Thread {
            defer { done.signal() }
            let loop: GatewayLoop
            do {
                loop = try GatewayLoop(configuration: settings, transport: transport, metrics: GatewayMetrics(),
                                       logger: Logger(label: "test.gateway"), stop: stop)
            } catch {
                failure.value = error
                started.signal()
                return
            }
            started.signal()
            do { try loop.run() } catch { Logger(label: "test.gateway").error("gateway loop failed: \(error)") }
        }
        thread.name = "gateway"
        thread.start()
        started.wait()
        if let error = failure.value { throw error }
    }

    /// Starts a worker serving `handlers`; returns its index for `stopWorker`.
    @discardableResult
    public func addWorker(_ handlers: [any ServiceHandler], name: String, concurrency: Int = 1, prefetch: Int = 0) -> Int {
        var configuration = WorkerConfiguration()
        configuration.gateway = backend
        configuration.name = name
        configuration.concurrency = concurrency
        configuration.prefetch = prefetch
        configuration.heartbeat = HeartbeatPolicy(intervalMs: 100, liveness: 3)
        configuration.reconnectInitialMs = 50
        configuration.drainTimeoutMs = 2000
        let stop = StopToken()
        let done = DispatchSemaphore(value: 0)
        let runtime = WorkerRuntime(configuration: configuration, handlers: handlers, transport: transport,
                                    metrics: WorkerMetrics(role: name), logger: Logger(label: "test.worker.\(name)"), stop: stop)
        let box = Box(runtime)
        let thread = Thread {
            defer { done.signal() }
            do { try box.value.run() } catch { Logger(label: "test.worker").error("worker \(name) failed: \(error)") }
        }
        thread.name = "worker-\(name)"
        thread.start()
        lock.lock()
        defer { lock.unlock() }
        workers.append((stop, done))
        return workers.count - 1
    }

    /// Asks one worker to drain and leave, and waits until it has.
    public func stopWorker(_ index: Int) {
        lock.lock()
        let worker = workers[index]
        lock.unlock()
        worker.stop.trigger()
        worker.done.wait()
        worker.done.signal()  // stays "done" for stop()
    }

    /// A client of this cluster's gateway. Close it before `stop()`.
    public func client(defaultTimeoutMs: UInt32 = 10_000) throws -> MoodMusicClient {
        try MoodMusicClient(gateway: frontend, defaultTimeoutMs: defaultTimeoutMs, transport: transport)
    }

    /// A raw connection for tests that build their own frames.
    public func connection() throws -> GatewayConnection {
        try GatewayConnection(endpoint: frontend, transport: transport)
    }

    public func stop() {
        lock.lock()
        let all = workers
        lock.unlock()
        for worker in all { worker.stop.trigger() }
        for worker in all { worker.done.wait() }
        gatewayStop.trigger()
        gatewayDone.wait()
    }
}

/// A mutable cell handed to a thread that fills or reads it once.
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
