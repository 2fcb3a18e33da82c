import Logging
import MoodMusicProcess
import MoodMusicTransport
import Prometheus
import Synchronization

/// Says in the log when clients are refused because a connection could not be accepted (most
/// often the file descriptor limit), at most a few lines a second; every refusal is counted.
final class AcceptFailureLog: Sendable {
    private let logger: Logger
    private let counter: Counter
    private let budget = Mutex(LogBudget(perSecond: 2))

    init(logger: Logger, counter: Counter) {
        self.logger = logger
        self.counter = counter
    }

    func record(_ failure: AcceptFailure) {
        counter.increment()
        guard budget.withLock({ $0.take(nowNs: MonotonicClock.nowNsSigned()) }) else { return }
        if failure.isFileDescriptorLimit {
            let (soft, hard) = FileDescriptorLimit.current()
            logger.error("refusing client connections: out of file descriptors; raise the hard limit (ulimit -Hn, or nofile in compose/systemd)",
                         metadata: ["endpoint": "\(failure.endpoint)", "errno": "\(failure.errno)", "soft_limit": "\(soft)", "hard_limit": "\(hard)"])
        } else {
            logger.warning("a connection could not be accepted", metadata: ["endpoint": "\(failure.endpoint)", "errno": "\(failure.errno)"])
        }
    }
}
