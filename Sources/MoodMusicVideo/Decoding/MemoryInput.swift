import CFFmpeg

/// An AVIOContext that reads from bytes in memory, so a video is demuxed without touching the
/// file system. Lifecycle: `init` allocates; `close()` frees the context and its buffer and must
/// be called once, after the format context that uses it has been closed.
final class MemoryInput {
    private let bytes: [UInt8]
    private var position = 0
    private(set) var context: UnsafeMutablePointer<AVIOContext>?

    private static let bufferSize: Int32 = 64 * 1024

    init(bytes: [UInt8]) throws(VideoDecodingError) {
        self.bytes = bytes
        guard let buffer = av_malloc(Int(Self.bufferSize)) else { throw .corrupt("out of memory for the input buffer") }
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        context = avio_alloc_context(buffer.assumingMemoryBound(to: UInt8.self), Self.bufferSize, 0, opaque,
                                     { opaque, destination, size in MemoryInput.from(opaque).read(into: destination, size: size) },
                                     nil,
                                     { opaque, offset, whence in MemoryInput.from(opaque).seek(offset: offset, whence: whence) })
        if context == nil {
            av_free(buffer)
            throw .corrupt("out of memory for the input context")
        }
    }

    func close() {
        guard context != nil else { return }
        // FFmpeg may have replaced the buffer it was given; free the one the context holds now.
        av_freep(&context!.pointee.buffer)
        avio_context_free(&context)
    }

    private static func from(_ opaque: UnsafeMutableRawPointer?) -> MemoryInput {
        Unmanaged<MemoryInput>.fromOpaque(opaque!).takeUnretainedValue()
    }

    private func read(into destination: UnsafeMutablePointer<UInt8>?, size: Int32) -> Int32 {
        let available = bytes.count - position
        guard available > 0 else { return mm_averror_eof() }
        guard let destination, size > 0 else { return 0 }
        let count = min(Int(size), available)
        bytes.withUnsafeBufferPointer { source in
            destination.update(from: source.baseAddress! + position, count: count)
        }
        position += count
        return Int32(count)
    }

    private func seek(offset: Int64, whence: Int32) -> Int64 {
        // AVSEEK_SIZE asks for the total size; AVSEEK_FORCE may be or-ed in and is irrelevant here.
        let mode = whence & ~Int32(AVSEEK_FORCE)
        if mode == AVSEEK_SIZE { return Int64(bytes.count) }
        let base: Int64
        switch mode {
        case SEEK_SET: base = 0
        case SEEK_CUR: base = Int64(position)
        case SEEK_END: base = Int64(bytes.count)
        default: return -1
        }
        let (target, overflow) = base.addingReportingOverflow(offset)
        guard !overflow, target >= 0, target <= Int64(bytes.count) else { return -1 }
        position = Int(target)
        return target
    }
}
