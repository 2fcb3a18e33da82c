import Foundation
import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire

/// A fixed set of threads that run handler calls off the I/O thread. Each thread owns a PUSH
/// socket and hands its results back to the runtime's PULL socket (ZeroMQ sockets never cross
/// threads).
///
/// Lifecycle: `init` starts the threads; `shutDown()` once, after the last `submit`.
final class JobPool: @unchecked Sendable {
    struct Work {
        let epoch: UInt64
        let jobID: UInt64
        let requestID: UInt64
        let handler: any ServiceHandler
        let payload: [UInt8]
        let context: CallContext
    }

    private let condition = NSCondition()
    private var pending: [Work] = []
    private var stopping = false
    private var threads: [Thread] = []
    private let finished = DispatchGroup()

    init(threads count: Int, context: ZMQContext, completionEndpoint: String, run: @escaping @Sendable (Work) -> (Moodmusic_V1_ResponseHeader, [UInt8])) {
        for index in 0..<count {
            finished.enter()
            let thread = Thread { [self] in
                defer { finished.leave() }
                guard let push = try? ZMQSocket(context: context, kind: .push) else { return }
                defer { push.close() }
                do { try push.connect(completionEndpoint) } catch { return }
                while let work = next() {
                    let (header, payload) = run(work)
                    let frames = [WorkerCommand.encodeJobID(work.epoch), WorkerCommand.encodeJobID(work.jobID),
                                  (try? header.serializedBytes()) ?? [], payload]
                    _ = try? push.send(frames)
                }
            }
            thread.name = "job-\(index)"
            thread.stackSize = 8 << 20
            threads.append(thread)
            thread.start()
        }
    }

    func submit(_ work: Work) {
        condition.lock()
        pending.append(work)
        condition.signal()
        condition.unlock()
    }

    private func next() -> Work? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && !stopping { condition.wait() }
        return pending.isEmpty ? nil : pending.removeFirst()
    }

    /// Lets queued work finish, then joins the threads.
    func shutDown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        finished.wait()
    }
}
