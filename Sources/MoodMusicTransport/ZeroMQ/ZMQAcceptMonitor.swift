import CZMQ
import Foundation
import Synchronization

/// Watches one listening socket for connections libzmq could not accept (ZMQ_EVENT_ACCEPT_FAILED,
/// for example EMFILE when the process is out of file descriptors) and reports each on a thread
/// of its own. libzmq refuses such connections silently otherwise.
///
/// Lifecycle: `init` starts the thread; `stop()` once, before the context terminates.
final class ZMQAcceptMonitor: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(context: ZMQContext, socket: ZMQSocket, report: @escaping @Sendable (AcceptFailure) -> Void) throws {
        let endpoint = "inproc://accept-monitor-\(UUID().uuidString)"
        guard zmq_socket_monitor(socket.raw, endpoint, ZMQ_EVENT_ACCEPT_FAILED) == 0 else { throw ZMQError("zmq_socket_monitor") }
        let connected = DispatchSemaphore(value: 0)
        let failure = Mutex<String?>(nil)
        let thread = Thread { [self] in
            defer { self.finished.signal() }
            let events: ZMQSocket
            do {
                events = try ZMQSocket(context: context, kind: .pair)
                try events.connect(endpoint)
            } catch {
                failure.withLock { $0 = "\(error)" }
                connected.signal()
                return
            }
            connected.signal()
            defer { events.close() }
            var poller = ZMQPoller([events])
            while !self.stopping.load(ordering: .acquiring) {
                guard (try? poller.poll(timeoutMs: 100))?.first == true,
                      let frames = try? events.receive(dontWait: true),
                      let failure = AcceptFailure(monitorFrames: frames) else { continue }
                report(failure)
            }
        }
        thread.name = "accept-monitor"
        thread.start()
        connected.wait()
        if let message = failure.withLock({ $0 }) { throw ZMQError(message) }
    }

    func stop() {
        stopping.store(true, ordering: .releasing)
        finished.wait()
    }
}
