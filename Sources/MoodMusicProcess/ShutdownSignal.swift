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
        catchStrays(tokens)
    }

    /// A thread started before `route` (the worker has one) does not have the signals blocked,
    /// and the kernel may hand SIGTERM to it, whose default action kills the process before the
    /// drain (and the span flush) runs. A handler makes that delivery write a byte to a pipe
    /// instead, and a second watcher triggers the tokens when it reads one.
    private static func catchStrays(_ tokens: [StopToken]) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        strayPipeWrite = fds[1]
        let handler: @convention(c) (Int32) -> Void = { _ in
            var byte: UInt8 = 1
            _ = write(strayPipeWrite, &byte, 1)
        }
        signal(SIGTERM, handler)
        signal(SIGINT, handler)
        let readEnd = fds[0]
        let reader = Thread {
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) < 0 && errno == EINTR {}
            for token in tokens { token.trigger() }
        }
        reader.name = "signal-pipe"
        reader.start()
    }
}

nonisolated(unsafe) private var strayPipeWrite: Int32 = -1
