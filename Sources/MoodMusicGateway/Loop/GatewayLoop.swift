import Logging
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire

/// The gateway's I/O: clients on the frontend router, workers on the backend router, one
/// thread, no locks. It reads messages and the clock, hands them to `BrokerCore` as events, and
/// performs the effects the core returns. Every decision lives in the core.
///
/// Lifecycle: `init` binds both sockets; `run()` serves on the calling thread until `stop` is
/// triggered, drains (configuration.drainTimeoutMs), then tells workers DISCONNECT and closes
/// both sockets before it returns. `run()` is called once.
public final class GatewayLoop {
    public let configuration: GatewayConfiguration
    public let metrics: GatewayMetrics
    /// Trigger it (from any thread, or a signal handler's flag) to begin the drain.
    public let stop: StopToken
    private let logger: Logger
    private let transport: any MessageTransport
    private let frontend: any MessageSocket
    private let backend: any MessageSocket
    private var core: BrokerCore
    private let clock: @Sendable () -> Int64
    private var malformedLogBudget = LogBudget(perSecond: 5)
    private var memory = MemoryReturn()
    /// The message being handled; its storage is reused from one message to the next.
    private var frames: [[UInt8]] = []

    /// The endpoints actually bound, after wildcard ports are resolved.
    public let frontendEndpoint: String
    public let backendEndpoint: String

    public init(configuration: GatewayConfiguration, transport: any MessageTransport, metrics: GatewayMetrics,
                logger: Logger, stop: StopToken = StopToken(), clock: @escaping @Sendable () -> Int64 = MonotonicClock.nowNsSigned) throws {
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.transport = transport
        self.stop = stop
        self.clock = clock
        // libzmq refuses anything larger than the largest request plus room for its header
        // frames, so an oversized message is never buffered whole.
        let security = configuration.security
        let clientOptions = SocketOptions(maxMessageBytes: configuration.maxRequestBytes + 64 << 10,
                                          security: security.map { .curveServer(keys: $0.keys, domain: GatewaySecurity.clientDomain) } ?? .none)
        let workerOptions = SocketOptions(security: security.map { .curveServer(keys: $0.keys, domain: GatewaySecurity.workerDomain) } ?? .none)
        frontend = try transport.router(binding: configuration.frontend, options: clientOptions)
        do {
            backend = try transport.router(binding: configuration.backend, options: workerOptions)
        } catch {
            frontend.close()
            throw error
        }
        do {
            let acceptLog = AcceptFailureLog(logger: logger, counter: metrics.acceptFailures)
            try transport.watchAcceptFailures(on: frontend) { acceptLog.record($0) }
        } catch {
            frontend.close()
            backend.close()
            throw error
        }
        frontendEndpoint = try frontend.boundEndpoint()
        backendEndpoint = try backend.boundEndpoint()
        core = BrokerCore(configuration: configuration)
    }

    public func run() throws {
        defer {
            frontend.close()
            backend.close()
        }
        // While messages keep coming, both sockets are read again without waiting: the wait is a system call, and
        // under load the next message is usually there already.
        var busy = false
        while !core.stopped {
            if stop.isTriggered && !core.isDraining {
                perform(core.handle(.drain(graceNs: Int64(configuration.drainTimeoutMs) * 1_000_000), nowNs: clock()))
            }
            var (clientsReady, workersReady) = (true, true)
            if !busy {
                let waitMs = Int(max(0, min((core.nextWakeNs() - clock()) / 1_000_000 + 1, 250)))
                let readable = try transport.wait(for: [frontend, backend], timeoutMs: waitMs)
                (clientsReady, workersReady) = (readable[0], readable[1])
            }
            // Workers first: their replies free capacity for the requests read next.
            busy = false
            if workersReady { busy = try drain(backend) { .worker(identity: $0[0], frames: $0[1...]) } > 0 }
            if clientsReady { busy = try drain(frontend) { .client(identity: $0[0], frames: $0[1...]) } > 0 || busy }
            perform(core.handle(.tick, nowNs: clock()))
            memory.observe(heldBytes: core.heldBytes)
        }
    }

    /// A bounded batch per wake-up keeps one busy socket from starving the other. Its sends go
    /// out in groups (`messagesPerSendGroup`). Returns how many messages it read.
    private func drain(_ socket: any MessageSocket, _ event: ([[UInt8]]) -> BrokerEvent) throws -> Int {
        var effects: [BrokerEffect] = []
        defer { perform(effects) }
        for index in 1...512 {
            guard try socket.receive(into: &frames) else { return index - 1 }
            guard !frames.isEmpty else { continue }
            effects += core.handle(event(frames), nowNs: clock())
            if index % messagesPerSendGroup == 0 {
                perform(effects)
                effects.removeAll(keepingCapacity: true)
            }
        }
        return 512
    }

    private func perform(_ effects: [BrokerEffect]) {
        for effect in effects {
            switch effect {
            case .send(let socket, let frames):
                do { try (socket == .frontend ? frontend : backend).send(frames) } catch {
                    logger.warning("send failed", metadata: ["error": "\(error)"])
                }
            case .log(let entry):
                log(entry)
            case .metric(let metric):
                metrics.record(metric)
                if case .malformedMessage = metric, malformedLogBudget.take(nowNs: clock()) {
                    logger.warning("malformed message (further ones this second are only counted in metrics)")
                }
            case .span(let record):
                configuration.spans.finish(record)
            }
        }
    }

    private func log(_ entry: BrokerLogEntry) {
        let metadata = entry.metadata.mapValues { Logger.MetadataValue.string($0) }
        switch entry.level {
        case .debug: logger.debug("\(entry.message)", metadata: metadata)
        case .info: logger.info("\(entry.message)", metadata: metadata)
        case .warning: logger.warning("\(entry.message)", metadata: metadata)
        }
    }
}

/// At most `perSecond` log lines a second for a noisy event.
struct LogBudget: Sendable {
    let perSecond: Int
    private var windowStartNs: Int64 = 0
    private var used = 0

    init(perSecond: Int) { self.perSecond = perSecond }

    mutating func take(nowNs: Int64) -> Bool {
        if nowNs - windowStartNs >= 1_000_000_000 {
            windowStartNs = nowNs
            used = 0
        }
        used += 1
        return used <= perSecond
    }
}
