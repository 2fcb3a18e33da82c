import CZMQ

/// A libzmq call failed; `errno` and libzmq's own text say why.
public struct ZMQError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let errno: Int32

    public init(_ operation: String, errno: Int32 = zmq_errno()) {
        self.operation = operation
        self.errno = errno
    }

    public var description: String {
        "\(operation): \(String(cString: zmq_strerror(errno)))"
    }

    /// The call would have blocked (non-blocking receive with nothing queued).
    public var isWouldBlock: Bool { errno == EAGAIN }
    /// The context was terminated while the call waited.
    public var isTerminated: Bool { errno == ETERM }
    /// A signal interrupted the call.
    public var isInterrupted: Bool { errno == EINTR }
}
