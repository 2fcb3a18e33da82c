import CZMQ

/// A libzmq context. Thread-safe; share one per process.
///
/// Lifecycle: create, make sockets, close every socket, then `terminate()` exactly once.
public final class ZMQContext: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer

    public init(ioThreads: Int32 = 1) {
        guard let ctx = zmq_ctx_new() else { fatalError("zmq_ctx_new failed: \(ZMQError("zmq_ctx_new"))") }
        zmq_ctx_set(ctx, ZMQ_IO_THREADS, ioThreads)
        raw = ctx
    }

    /// Blocks until every socket of the context is closed, then frees the context.
    public func terminate() {
        while zmq_ctx_term(raw) != 0 && zmq_errno() == EINTR {}
    }
}
