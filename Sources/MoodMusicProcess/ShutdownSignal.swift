import Foundation
import Synchronization

/// SIGTERM / SIGINT handling for the long-running processes: the handler only sets a flag, and
/// event loops check it whenever a blocking call returns (libzmq returns EINTR on a signal).
public enum ShutdownSignal {
    private static let flag = Atomic<Bool>(false)

    /// Installs the handler for SIGTERM and SIGINT, and ignores SIGPIPE.
    public static func install() {
        // A parent may have started us with these blocked (spawned children inherit the mask).
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGTERM)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        signal(SIGPIPE, SIG_IGN)
        signal(SIGTERM) { _ in ShutdownSignal.flag.store(true, ordering: .relaxed) }
        signal(SIGINT) { _ in ShutdownSignal.flag.store(true, ordering: .relaxed) }
    }

    public static var requested: Bool { flag.load(ordering: .relaxed) }

    /// Asks the loops to stop, as a signal would (used by tests and by in-process shutdown).
    public static func request() { flag.store(true, ordering: .relaxed) }
}
