import Foundation

/// SIGTERM and SIGINT for the long-running executables: they are blocked in every thread and
/// taken by one watcher thread with `sigwait`, which triggers the process's stop tokens. No
/// library code sees a global flag; each loop only looks at its own `StopToken`.
public enum ShutdownSignal {
    /// Call first thing in `main`, before any other thread exists, so that every thread
    /// inherits the blocked mask. Triggers `tokens` on the first SIGTERM or SIGINT.
    public static func route(to tokens: [StopToken]) {
        signal(SIGPIPE, SIG_IGN)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let watcher = Thread {
            var received: Int32 = 0
            var waitSet = sigset_t()
            sigemptyset(&waitSet)
            sigaddset(&waitSet, SIGTERM)
            sigaddset(&waitSet, SIGINT)
            sigwait(&waitSet, &received)
            for token in tokens { token.trigger() }
        }
        watcher.name = "signal-watcher"
        watcher.start()
    }
}
