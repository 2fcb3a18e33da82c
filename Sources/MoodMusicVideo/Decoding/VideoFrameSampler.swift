import CFFmpeg
import MoodMusicVision

/// Samples frames from a video held in memory: libavformat demuxes it through `MemoryInput`,
/// libavcodec decodes the video stream (one thread), libswscale turns each sampled frame to
/// grayscale. Where the container has a seek index, it seeks to the keyframe before each sampled
/// instant instead of decoding everything in between (`SamplePlan.shouldSeek`).
///
/// Lifecycle: `init` opens and validates; `sample` may be called once; the FFmpeg objects are
/// freed when the sampler is released (`DecoderHandles`).
public final class VideoFrameSampler {
    public let info: VideoStreamInfo
    private let limits: VideoLimits
    private let handles: DecoderHandles
    private var format: UnsafeMutablePointer<AVFormatContext>? { handles.format }
    private var codec: UnsafeMutablePointer<AVCodecContext>? { handles.codec }
    private var packet: UnsafeMutablePointer<AVPacket>? { handles.packet }
    private var frame: UnsafeMutablePointer<AVFrame>? { handles.frame }
    private let stream: UnsafeMutablePointer<AVStream>
    private let timeBase: Double
    private let startTimestamp: Int64
    private var demuxEnded = false
    private var decodeErrors = 0

    /// FFmpeg logs damaged input to stderr by default; the errors thrown here say what matters.
    private static let quietLogs: Void = av_log_set_level(AV_LOG_FATAL)

    /// Throws `VideoDecodingError` for empty, oversized, unreadable, video-less or undecodable input.
    public init(bytes: [UInt8], limits: VideoLimits = .init()) throws(VideoDecodingError) {
        _ = Self.quietLogs
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= limits.maxBytes else { throw .tooLarge(bytes: bytes.count, limit: limits.maxBytes) }
        self.limits = limits
        handles = DecoderHandles(input: try MemoryInput(bytes: bytes))
        let opened = try Self.open(input: handles.input)
        handles.format = opened
        let (streamIndex, decoder) = try Self.videoStream(in: opened)
        stream = opened.pointee.streams[Int(streamIndex)]!
        let parameters = stream.pointee.codecpar!
        let width = Int(parameters.pointee.width), height = Int(parameters.pointee.height)
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        if overflow || pixels > limits.maxPixels { throw .frameTooLarge(width: width, height: height, limit: limits.maxPixels) }
        handles.codec = try Self.openDecoder(decoder, parameters: parameters)
        handles.packet = av_packet_alloc()
        handles.frame = av_frame_alloc()
        guard handles.packet != nil, handles.frame != nil else { throw .corrupt("out of memory for frames") }
        timeBase = av_q2d(stream.pointee.time_base)
        let start = stream.pointee.start_time
        startTimestamp = start == mm_av_nopts_value() ? 0 : start
        info = VideoStreamInfo(width: width, height: height, duration: Self.duration(of: stream, in: opened),
                               frameRate: Self.frameRate(of: stream), codec: String(cString: decoder.pointee.name),
                               container: String(cString: opened.pointee.iformat.pointee.name),
                               hasIndex: avformat_index_get_entries_count(stream) > 0)
    }

    /// Calls `body` with each sampled frame, in time order, one at a time (memory stays bounded
    /// by one frame). Throws `VideoDecodingError` for bad options, corrupt or truncated data, and
    /// whatever `body` throws.
    public func sample(options: SamplingOptions = .init(), _ body: (SampledFrame) throws -> Void) throws -> SamplingStats {
        let (fps, cap) = try options.validated(against: limits)
        let plan = SamplePlan(duration: info.duration, framesPerSecond: fps, maxFrames: cap)
        let frameDuration = 1 / (info.frameRate ?? 1000)
        var stats = SamplingStats()
        stats.interval = plan.interval
        var current: (timestamp: Int64, time: Double)?
        var decodedUpTo = 0.0
        var lastEmitted: Int64?
        var k = 0
        var clock = DecodeClock()
        sampling: while plan.contains(k) {
            let target = plan.target(k)
            clock.start()
            if info.hasIndex, SamplePlan.shouldSeek(keyframeBeforeTarget: keyframeTime(before: target), decodedUpTo: current?.time),
               seek(to: target) {
                stats.seeks += 1
                current = nil
            }
            while current == nil || !SamplePlan.frame(at: current!.time, serves: target, frameDuration: frameDuration) {
                guard try decodeNextFrame() else { clock.stop(into: &stats); break sampling }
                stats.decodedFrames += 1
                current = frameTime()
                decodedUpTo = max(decodedUpTo, current!.time)
            }
            let chosen = current!
            k += 1
            if chosen.timestamp == lastEmitted { clock.stop(into: &stats); continue }
            let image = try GrayFrameConverter.gray(frame!, handles: handles, maxPixels: limits.maxPixels)
            clock.stop(into: &stats)
            lastEmitted = chosen.timestamp
            try body(SampledFrame(index: stats.sampledFrames, time: chosen.time, image: image))
            stats.sampledFrames += 1
        }
        if stats.decodedFrames == 0 { throw VideoDecodingError.corrupt("no frame could be decoded") }
        if plan.contains(k), let declared = info.duration {
            // The data ran out before an instant the container promised.
            if plan.target(k) < declared - max(2 * frameDuration, 0.5) {
                throw VideoDecodingError.truncated(declaredSeconds: declared, endsAtSeconds: decodedUpTo)
            }
        }
        return stats
    }

    // MARK: - Decoding

    /// Decodes the next frame of the stream into `frame`; false at the end of the data.
    private func decodeNextFrame() throws(VideoDecodingError) -> Bool {
        while true {
            let received = avcodec_receive_frame(codec, frame)
            if received == 0 { return true }
            if received == mm_averror_eof() { return false }
            if received != mm_averror_eagain() { throw .corrupt(Self.message(received)) }
            if demuxEnded { return false }
            let read = av_read_frame(format, packet)
            if read < 0 {
                // End of data (or a read error, which for bytes in memory means the same): drain.
                demuxEnded = true
                avcodec_send_packet(codec, nil)
                continue
            }
            defer { av_packet_unref(packet) }
            guard packet!.pointee.stream_index == stream.pointee.index else { continue }
            let sent = avcodec_send_packet(codec, packet)
            if sent < 0 && sent != mm_averror_eagain() {
                // Decoders conceal damaged packets; a stream that is mostly damage is refused.
                decodeErrors += 1
                if decodeErrors > 50 { throw .corrupt("too many damaged packets (\(Self.message(sent)))") }
            }
        }
    }

    private func frameTime() -> (timestamp: Int64, time: Double) {
        var timestamp = frame!.pointee.best_effort_timestamp
        if timestamp == mm_av_nopts_value() { timestamp = frame!.pointee.pts }
        if timestamp == mm_av_nopts_value() { timestamp = startTimestamp }
        return (timestamp, Double(timestamp &- startTimestamp) * timeBase)
    }

    private func timestamp(at seconds: Double) -> Int64 {
        let ticks = (seconds / timeBase).rounded()
        guard ticks.isFinite, abs(ticks) < 9e18 else { return startTimestamp }
        return startTimestamp &+ Int64(ticks)
    }

    /// The time of the index's last keyframe at or before `seconds`.
    private func keyframeTime(before seconds: Double) -> Double? {
        guard let entry = avformat_index_get_entry_from_timestamp(stream, timestamp(at: seconds), AVSEEK_FLAG_BACKWARD) else { return nil }
        return Double(entry.pointee.timestamp &- startTimestamp) * timeBase
    }

    /// Seeks to the keyframe at or before `seconds`; false (nothing changed) when the demuxer cannot.
    private func seek(to seconds: Double) -> Bool {
        guard av_seek_frame(format, stream.pointee.index, timestamp(at: seconds), AVSEEK_FLAG_BACKWARD) >= 0 else { return false }
        avcodec_flush_buffers(codec)
        demuxEnded = false
        return true
    }

    // MARK: - Opening

    private static func open(input: MemoryInput) throws(VideoDecodingError) -> UnsafeMutablePointer<AVFormatContext> {
        var context = avformat_alloc_context()
        guard let allocated = context else { throw .corrupt("out of memory for the format context") }
        allocated.pointee.pb = input.context
        allocated.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
        mm_forbid_nested_io(allocated)
        let opened = avformat_open_input(&context, nil, nil, nil)  // frees the context on failure
        guard opened >= 0, context != nil else { throw .unreadable(message(opened)) }
        let found = avformat_find_stream_info(context, nil)
        if found < 0 {
            avformat_close_input(&context)
            throw .unreadable(message(found))
        }
        return context!
    }

    private static func videoStream(in context: UnsafeMutablePointer<AVFormatContext>) throws(VideoDecodingError) -> (Int32, UnsafePointer<AVCodec>) {
        // A still picture attached to an audio file (cover art) is not a video.
        let videoStreams = (0..<Int(context.pointee.nb_streams)).compactMap { context.pointee.streams[$0] }.filter {
            $0.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO && $0.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC == 0
        }
        guard let first = videoStreams.first else { throw .noVideoStream }
        var decoder: UnsafePointer<AVCodec>?
        let index = av_find_best_stream(context, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0)
        guard index >= 0, let decoder,
              context.pointee.streams[Int(index)]!.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC == 0 else {
            throw .unsupportedCodec(String(cString: avcodec_get_name(first.pointee.codecpar.pointee.codec_id)))
        }
        return (index, decoder)
    }

    private static func openDecoder(_ decoder: UnsafePointer<AVCodec>, parameters: UnsafeMutablePointer<AVCodecParameters>) throws(VideoDecodingError) -> UnsafeMutablePointer<AVCodecContext> {
        var context = avcodec_alloc_context3(decoder)
        guard let allocated = context else { throw .corrupt("out of memory for the decoder") }
        var status = avcodec_parameters_to_context(allocated, parameters)
        if status >= 0 {
            allocated.pointee.thread_count = 1
            status = avcodec_open2(allocated, decoder, nil)
        }
        guard status >= 0 else {
            avcodec_free_context(&context)
            throw .unsupportedCodec("\(String(cString: decoder.pointee.name)): \(message(status))")
        }
        return allocated
    }

    private static func duration(of stream: UnsafeMutablePointer<AVStream>, in context: UnsafeMutablePointer<AVFormatContext>) -> Double? {
        if stream.pointee.duration != mm_av_nopts_value(), stream.pointee.duration > 0 {
            return Double(stream.pointee.duration) * av_q2d(stream.pointee.time_base)
        }
        if context.pointee.duration != mm_av_nopts_value(), context.pointee.duration > 0 {
            return Double(context.pointee.duration) / Double(AV_TIME_BASE)
        }
        return nil
    }

    private static func frameRate(of stream: UnsafeMutablePointer<AVStream>) -> Double? {
        for rate in [stream.pointee.avg_frame_rate, stream.pointee.r_frame_rate] where rate.num > 0 && rate.den > 0 {
            let value = av_q2d(rate)
            if value.isFinite, value > 0, value <= 1000 { return value }
        }
        return nil
    }

    static func message(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 128)
        av_strerror(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
