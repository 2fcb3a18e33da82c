import CZMQ
import Foundation
import Synchronization

/// The ZAP handler (ZeroMQ RFC 27) of one context: a thread with a REP socket at
/// inproc://zeromq.zap.01 that answers every CURVE handshake from `ZAPPolicy`.
///
/// Lifecycle: `init` binds and starts the thread; `stop()` once, before the context terminates.
final class ZAPAuthenticator: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(context: ZMQContext, policy: ZAPPolicy) throws {
        let bound = DispatchSemaphore(value: 0)
        let failure = Mutex<String?>(nil)
        let thread = Thread { [self] in
            defer { self.finished.signal() }
            let socket: ZMQSocket
            do {
                socket = try ZMQSocket(context: context, kind: .rep)
                try socket.bind("inproc://zeromq.zap.01")
            } catch {
                failure.withLock { $0 = "\(error)" }
                bound.signal()
                return
            }
            bound.signal()
            defer { socket.close() }
            var poller = ZMQPoller([socket])
            while !self.stopping.load(ordering: .acquiring) {
                guard (try? poller.poll(timeoutMs: 100))?.first == true,
                      let request = try? socket.receive(dontWait: true) else { continue }
                _ = try? socket.send(policy.reply(to: request), dontWait: false)
            }
        }
        thread.name = "zap"
        thread.start()
        bound.wait()
        if let message = failure.withLock({ $0 }) { throw CurveKeyError("cannot start the ZAP handler: \(message)") }
    }

    func stop() {
        stopping.store(true, ordering: .releasing)
        finished.wait()
    }
}
