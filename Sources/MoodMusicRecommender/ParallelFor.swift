import Dispatch

/// Wraps a value that is safe to share across threads by construction (for example a buffer whose
/// threads write disjoint ranges) so it can cross a `@Sendable` boundary.
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

enum ParallelFor {
    /// Runs `body(chunk)` for every chunk in `0..<chunks`, concurrently when `chunks > 1`.
    static func run(chunks: Int, _ body: @Sendable (Int) -> Void) {
        if chunks <= 1 {
            body(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: chunks, execute: body)
        }
    }
}
