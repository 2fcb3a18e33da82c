import Synchronization

/// Asks one gateway, worker or client loop to stop. Each instance has its own; triggering is
/// thread-safe and idempotent, and loops look at it whenever they wake.
public final class StopToken: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func trigger() { flag.store(true, ordering: .releasing) }

    public var isTriggered: Bool { flag.load(ordering: .acquiring) }
}
