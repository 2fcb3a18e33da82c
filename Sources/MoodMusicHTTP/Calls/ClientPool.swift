import Dispatch
import Foundation
import MoodMusicClient
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire
import SwiftProtobuf

/// A fixed set of blocking `MoodMusicClient`s, each used from its own serial queue, lent to
/// async HTTP handlers one call at a time. At most `size` calls run at once; up to
/// `maximumWaiting` more wait for a free client, and beyond that a call fails at once with
/// RESOURCE_EXHAUSTED, so memory stays bounded however many requests arrive.
///
/// Lifecycle: `init`, calls from any task, `close()` exactly once after the server stopped.
public final class ClientPool: @unchecked Sendable {
    /// Used by one call at a time (the pool lends it out), always on its own queue.
    private struct Slot: @unchecked Sendable {
        let client: MoodMusicClient
        let queue: DispatchQueue
    }

    private let context: ZMQContext
    private let slots: [Slot]
    private let lock = NSLock()
    private var free: [Int]
    private var waiting: [CheckedContinuation<Int?, Never>] = []
    private let maximumWaiting: Int

    public init(gateway: String, size: Int, maximumWaiting: Int) throws {
        precondition(size > 0)
        let context = ZMQContext()
        self.context = context
        slots = try (0..<size).map { index in
            Slot(client: try MoodMusicClient(gateway: gateway, context: context),
                 queue: DispatchQueue(label: "moodmusic.http.client-\(index)"))
        }
        free = Array(slots.indices)
        self.maximumWaiting = maximumWaiting
    }

    /// Calls `method` through a free client, raw bytes in and out.
    public func call<Response: SwiftProtobuf.Message>(
        _ method: MethodDescriptor, _ request: some SwiftProtobuf.Message, as _: Response.Type,
        timeoutMs: UInt32, metadata: [String: String]
    ) async throws(RPCError) -> Response {
        let payload: [UInt8]
        do { payload = try request.serializedBytes() } catch { throw .internalError("cannot encode \(type(of: request).protoMessageName)") }
        let index = try await acquire()
        defer { release(index) }
        let slot = slots[index]
        let result: Result<(Moodmusic_V1_ResponseHeader, [UInt8]), RPCError> = await withCheckedContinuation { continuation in
            slot.queue.async {
                do throws(RPCError) {
                    continuation.resume(returning: .success(try slot.client.callRaw(method, payload: payload, timeoutMs: timeoutMs, metadata: metadata)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        let (header, bytes) = try result.get()
        guard header.code == .ok else { throw RPCError(header.code, header.message) }
        do { return try Response(serializedBytes: bytes) } catch {
            throw .internalError("the gateway answered \(method.path) with an unreadable \(Response.protoMessageName)")
        }
    }

    private func acquire() async throws(RPCError) -> Int {
        let index: Int? = await withCheckedContinuation { takeOrWait($0) }
        guard let index else {
            throw RPCError(.resourceExhausted, "the HTTP bridge has \(slots.count) calls running and \(maximumWaiting) waiting; retry later")
        }
        return index
    }

    /// Resumes at once with a free client, or with nil when too many wait; otherwise queues.
    private func takeOrWait(_ continuation: CheckedContinuation<Int?, Never>) {
        lock.lock()
        if let index = free.popLast() {
            lock.unlock()
            continuation.resume(returning: index)
        } else if waiting.count >= maximumWaiting {
            lock.unlock()
            continuation.resume(returning: nil)
        } else {
            waiting.append(continuation)
            lock.unlock()
        }
    }

    private func release(_ index: Int) {
        lock.lock()
        if waiting.isEmpty {
            free.append(index)
            lock.unlock()
        } else {
            let next = waiting.removeFirst()
            lock.unlock()
            next.resume(returning: index)
        }
    }

    public func close() {
        for slot in slots { slot.queue.sync { slot.client.close() } }
        context.terminate()
    }
}
