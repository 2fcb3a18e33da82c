import Foundation
import MoodMusicProcess
import MoodMusicProtos
import MoodMusicWire
import SwiftProtobuf

/// Client-streaming calls (docs/protocol.md, "Client-streaming calls"): the video travels in
/// chunks, each an ordinary request that the gateway acks, with at most `window` unacked.
extension MoodMusicClient {
    /// How an upload is cut and paced.
    public struct UploadPacing: Sendable {
        /// Bytes of video per chunk (each chunk is one ZeroMQ message).
        public var chunkBytes: Int
        /// Chunks sent and not yet acked, at most.
        public var window: Int

        public init(chunkBytes: Int = 1 << 20, window: Int = 4) {
            self.chunkBytes = max(1, chunkBytes)
            self.window = max(1, window)
        }
    }

    public func analyzeVideo(_ video: [UInt8], options: Moodmusic_V1_VideoOptions = .init(), pacing: UploadPacing = .init(),
                             timeoutMs: UInt32? = nil, progress: ((Int, Int) -> Void)? = nil) throws(RPCError) -> Moodmusic_V1_AnalyzeVideoResponse {
        try decode(upload(Contract.analyzeVideo, video, options: options, recommend: nil, pacing: pacing, timeoutMs: timeoutMs, progress: progress),
                   Contract.analyzeVideo)
    }

    public func recommendForVideo(_ video: [UInt8], options: Moodmusic_V1_VideoOptions = .init(), recommend: Moodmusic_V1_RecommendRequest,
                                  pacing: UploadPacing = .init(), timeoutMs: UInt32? = nil,
                                  progress: ((Int, Int) -> Void)? = nil) throws(RPCError) -> Moodmusic_V1_RecommendForVideoResponse {
        try decode(upload(Contract.recommendForVideo, video, options: options, recommend: recommend, pacing: pacing, timeoutMs: timeoutMs,
                          progress: progress), Contract.recommendForVideo)
    }

    private func decode<Response: SwiftProtobuf.Message>(_ payload: [UInt8], _ method: MethodDescriptor) throws(RPCError) -> Response {
        do { return try Response(serializedBytes: payload) } catch {
            throw .internalError("the gateway answered \(method.path) with an unreadable \(Response.protoMessageName)")
        }
    }

    /// Streams `video` to an upload method and returns the last chunk's answer. `progress(bytes
    /// acked, total)` after each ack.
    func upload(_ method: MethodDescriptor, _ video: [UInt8], options: Moodmusic_V1_VideoOptions, recommend: Moodmusic_V1_RecommendRequest?,
                pacing: UploadPacing, timeoutMs: UInt32?, progress: ((Int, Int) -> Void)?) throws(RPCError) -> [UInt8] {
        let timeout = timeoutMs ?? defaultTimeoutMs
        let uploadID = UInt64.random(in: 1...UInt64.max)
        let giveUpAt = MonotonicClock.nowMs() + Int64(timeout) + 1000
        var offset = 0
        var sentLast = false
        var unacked: [UInt64: Bool] = [:]  // request id → is the last chunk
        do {
            while true {
                while !sentLast && unacked.count < pacing.window {
                    let end = min(video.count, offset + pacing.chunkBytes)
                    var chunk = Moodmusic_V1_VideoUploadChunk()
                    chunk.uploadID = uploadID
                    chunk.offset = UInt64(offset)
                    chunk.data = Data(video[offset..<end])
                    chunk.last = end == video.count
                    if offset == 0 {
                        chunk.totalBytes = UInt64(video.count)
                        chunk.options = options
                        if let recommend { chunk.recommend = recommend }
                    }
                    let id = nextRequestID
                    nextRequestID += 1
                    try connection.send(method: method, payload: try chunk.serializedBytes(), requestID: id, timeoutMs: timeout,
                                        waitForReady: defaultWaitForReady)
                    unacked[id] = chunk.last
                    sentLast = chunk.last
                    offset = end
                }
                let left = giveUpAt - MonotonicClock.nowMs()
                guard left > 0, let response = try connection.receive(timeoutMs: Int(left)) else {
                    throw RPCError(.deadlineExceeded, "no answer from the gateway at \(gateway) within \(timeout) ms (is it running?)")
                }
                guard let isLast = unacked.removeValue(forKey: response.header.requestID) else { continue }
                guard response.header.code == .ok else { throw RPCError(response.header.code, response.header.message) }
                if isLast { return response.payload }
                if let ack = try? Moodmusic_V1_VideoUploadAck(serializedBytes: response.payload) {
                    progress?(Int(clamping: ack.receivedBytes), video.count)
                }
            }
        } catch let error as RPCError {
            throw error
        } catch {
            throw .unavailable("cannot talk to the gateway at \(gateway): \(error)")
        }
    }
}
