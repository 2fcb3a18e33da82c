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

    /// `progress(bytes acked, total)` while the video goes up; then, when `frameProgress` is
    /// given, the call asks `VideoProgress.Get` every 250 ms and reports (frames decoded, frames
    /// analysed) until the answer arrives.
    public func analyzeVideo(_ video: [UInt8], options: Moodmusic_V1_VideoOptions = .init(), pacing: UploadPacing = .init(),
                             timeoutMs: UInt32? = nil, progress: ((Int, Int) -> Void)? = nil,
                             frameProgress: ((_ decoded: Int, _ analysed: Int) -> Void)? = nil) throws(RPCError) -> Moodmusic_V1_AnalyzeVideoResponse {
        try decode(upload(Contract.analyzeVideo, video, options: options, recommend: nil, pacing: pacing, timeoutMs: timeoutMs, progress: progress,
                          frameProgress: frameProgress), Contract.analyzeVideo)
    }

    public func recommendForVideo(_ video: [UInt8], options: Moodmusic_V1_VideoOptions = .init(), recommend: Moodmusic_V1_RecommendRequest,
                                  pacing: UploadPacing = .init(), timeoutMs: UInt32? = nil, progress: ((Int, Int) -> Void)? = nil,
                                  frameProgress: ((_ decoded: Int, _ analysed: Int) -> Void)? = nil) throws(RPCError) -> Moodmusic_V1_RecommendForVideoResponse {
        try decode(upload(Contract.recommendForVideo, video, options: options, recommend: recommend, pacing: pacing, timeoutMs: timeoutMs,
                          progress: progress, frameProgress: frameProgress), Contract.recommendForVideo)
    }

    private func decode<Response: SwiftProtobuf.Message>(_ payload: [UInt8], _ method: MethodDescriptor) throws(RPCError) -> Response {
        do { return try Response(serializedBytes: payload) } catch {
            throw .internalError("the gateway answered \(method.path) with an unreadable \(Response.protoMessageName)")
        }
    }

    /// Streams `video` to an upload method and returns the last chunk's answer. `progress(bytes
    /// acked, total)` after each ack.
    func upload(_ method: MethodDescriptor, _ video: [UInt8], options: Moodmusic_V1_VideoOptions, recommend: Moodmusic_V1_RecommendRequest?,
                pacing: UploadPacing, timeoutMs: UInt32?, progress: ((Int, Int) -> Void)?,
                frameProgress: ((Int, Int) -> Void)? = nil) throws(RPCError) -> [UInt8] {
        let timeout = timeoutMs ?? defaultTimeoutMs
        let uploadID = UInt64.random(in: 1...UInt64.max)
        let giveUpAt = MonotonicClock.nowMs() + Int64(timeout) + 1000
        var offset = 0
        var sentLast = false
        var unacked: [UInt64: Bool] = [:]  // request id → is the last chunk
        var progressAsked: UInt64?  // the VideoProgress.Get in flight
        var nextAskMs: Int64 = 0
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
                let now = MonotonicClock.nowMs()
                let left = giveUpAt - now
                guard left > 0 else {
                    throw RPCError(.deadlineExceeded, "no answer from the gateway at \(gateway) within \(timeout) ms (is it running?)")
                }
                let polling = sentLast && frameProgress != nil
                if polling && progressAsked == nil && now >= nextAskMs {
                    var ask = Moodmusic_V1_VideoProgressRequest()
                    ask.uploadID = uploadID
                    let id = nextRequestID
                    nextRequestID += 1
                    try connection.send(method: Contract.videoProgress, payload: try ask.serializedBytes(), requestID: id,
                                        timeoutMs: UInt32(clamping: left))
                    progressAsked = id
                    nextAskMs = now + 250
                }
                guard let response = try connection.receive(timeoutMs: Int(polling ? min(left, 250) : left)) else { continue }
                if response.header.requestID == progressAsked {
                    progressAsked = nil
                    if response.header.code == .ok, let counts = try? Moodmusic_V1_VideoProgressResponse(serializedBytes: response.payload),
                       !counts.uploading {
                        frameProgress?(Int(counts.framesDecoded), Int(counts.framesAnalysed))
                    }
                    continue
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
