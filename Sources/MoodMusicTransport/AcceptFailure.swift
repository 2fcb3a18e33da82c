/// A connection the transport could not accept on a listening socket.
public struct AcceptFailure: Sendable, Equatable {
    /// The errno of the failed accept (EMFILE: out of file descriptors).
    public let errno: Int32
    /// The listening endpoint.
    public let endpoint: String

    public init(errno: Int32, endpoint: String) {
        self.errno = errno
        self.endpoint = endpoint
    }

    /// Parses a libzmq monitor event (frame 1: a 16-bit event id and a 32-bit value, both
    /// little-endian; frame 2: the endpoint). nil for any other event or a malformed one.
    public init?(monitorFrames frames: [[UInt8]]) {
        guard frames.count == 2, frames[0].count == 6 else { return nil }
        let f = frames[0]
        let event = UInt16(f[0]) | UInt16(f[1]) << 8
        guard event == 0x0040 else { return nil }  // ZMQ_EVENT_ACCEPT_FAILED
        let value = UInt32(f[2]) | UInt32(f[3]) << 8 | UInt32(f[4]) << 16 | UInt32(f[5]) << 24
        self.init(errno: Int32(bitPattern: value), endpoint: String(decoding: frames[1], as: UTF8.self))
    }

    /// True when the cause is the file descriptor limit (per process or system-wide).
    public var isFileDescriptorLimit: Bool { errno == 24 || errno == 23 }  // EMFILE, ENFILE
}
