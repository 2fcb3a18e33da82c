import Foundation
import Logging
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire

/// A fixed set of threads that run handler calls off the I/O thread. Each thread owns a push
/// socket and hands results back to the runtime's pull socket (sockets never cross threads).
///
/// Lifecycle: `init` starts the threads and throws if any cannot connect its socket;
/// `shutDown(timeoutMs:)` once, after the last `submit`.
final class JobPool: @unchecked Sendable {
    struct Work: Sendable {
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
    private let finished = DispatchGroup()

    init(threads count: Int, transport: any MessageTransport, completionEndpoint: String, logger: Logger,
         run: @escaping @Sendable (Work) -> (Moodmusic_V1_ResponseHeader, [UInt8])) throws {
        let started = DispatchSemaphore(value: 0)
        let failures = FailureList()
        for index in 0..<count {
            finished.enter()
            let thread = Thread { [self] in
                defer { finished.leave() }
                let push: any MessageSocket
                do { push = try transport.push(connectingTo: completionEndpoint) } catch {
                    failures.append("job thread \(index): \(error)")
                    started.signal()
                    return
                }
                started.signal()
                defer { push.close() }
                while let work = next() {
                    let (header, payload) = run(work)
                    let frames = [WorkerCommand.encodeJobID(work.epoch), WorkerCommand.encodeJobID(work.jobID),
                                  header.headerFrame(), payload]
                    do { try push.send(frames) } catch {
                        logger.error("a finished job's result could not be handed to the I/O thread", metadata: ["error": "\(error)"])
                    }
                }
            }
            thread.name = "job-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
        for _ in 0..<count { started.wait() }
        if let failure = failures.first {
            shutDown(timeoutMs: 1000)
            throw RPCError.internalError("cannot start job threads: \(failure)")
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

    /// Lets queued work finish, then joins the threads, waiting at most `timeoutMs`.
    /// Returns false when threads were still busy at the limit (they are left to the process's exit).
    @discardableResult
    func shutDown(timeoutMs: Int) -> Bool {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        return finished.wait(timeout: .now() + .milliseconds(timeoutMs)) == .success
    }
}

/// Start-up failures reported by job threads.
private final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
    var first: String? { lock.lock(); defer { lock.unlock() }; return items.first }
}
