import Foundation
import Synchronization

/// A one-line progress display on standard error, shown only when it is a terminal.
public final class ProgressBar: @unchecked Sendable {
    private let stop = Atomic<Bool>(false)
    private var thread: Thread?

    public init() {}

    /// `progress` returns a fraction in 0...1 and a short label.
    public func start(_ progress: @escaping @Sendable () -> (Double, String)) {
        guard isatty(STDERR_FILENO) == 1 else { return }
        let thread = Thread { [self] in
            while !stop.load(ordering: .relaxed) {
                let (fraction, label) = progress()
                let filled = Int(max(0, min(1, fraction)) * 30)
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 30 - filled)
                FileHandle.standardError.write(Data("\r\(bar) \(String(format: "%3.0f", fraction * 100))% \(label)   ".utf8))
                usleep(200_000)
            }
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
        thread.start()
        self.thread = thread
    }

    public func finish() {
        stop.store(true, ordering: .relaxed)
        usleep(250_000)
    }
}
