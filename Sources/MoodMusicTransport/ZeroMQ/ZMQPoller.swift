import CZMQ

/// Waits until any of a fixed set of sockets has a message to read.
public struct ZMQPoller {
    private var items: [zmq_pollitem_t]

    public init(_ sockets: [ZMQSocket]) {
        items = sockets.map { zmq_pollitem_t(socket: $0.raw, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
    }

    /// Waits up to `timeoutMs` (-1 forever). Returns, for each socket in order, whether it is readable.
    public mutating func poll(timeoutMs: Int) throws -> [Bool] {
        let rc = items.withUnsafeMutableBufferPointer { zmq_poll($0.baseAddress, Int32($0.count), timeoutMs) }
        if rc < 0 {
            let error = ZMQError("poll")
            if error.isInterrupted { return Array(repeating: false, count: items.count) }
            throw error
        }
        return items.map { $0.revents & Int16(ZMQ_POLLIN) != 0 }
    }
}
