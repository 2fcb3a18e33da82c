import CFFmpeg
import MoodMusicVision

/// The FFmpeg objects behind one open video. Whatever was allocated is freed exactly once, by
/// `deinit`, also when opening fails halfway (the initializer of `VideoFrameSampler` throws and
/// this object goes with it).
final class DecoderHandles {
    let input: MemoryInput
    var format: UnsafeMutablePointer<AVFormatContext>?
    var codec: UnsafeMutablePointer<AVCodecContext>?
    var packet: UnsafeMutablePointer<AVPacket>?
    var frame: UnsafeMutablePointer<AVFrame>?
    var scaler: OpaquePointer?

    init(input: MemoryInput) { self.input = input }

    deinit {
        av_frame_free(&frame)
        av_packet_free(&packet)
        avcodec_free_context(&codec)
        avformat_close_input(&format)
        input.close()
        sws_freeContext(scaler)
    }
}

/// Turns decoded frames into `GrayImage`s at their own size.
enum GrayFrameConverter {
    static func gray(_ frame: UnsafeMutablePointer<AVFrame>, handles: DecoderHandles, maxPixels: Int) throws(VideoDecodingError) -> GrayImage {
        let width = Int(frame.pointee.width), height = Int(frame.pointee.height)
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels <= maxPixels else { throw .frameTooLarge(width: width, height: height, limit: maxPixels) }
        guard pixels > 0 else { throw .corrupt("a frame has no pixels") }
        handles.scaler = mm_gray_context(handles.scaler, frame)
        guard let scaler = handles.scaler else { throw .corrupt("no grayscale conversion from pixel format \(frame.pointee.format)") }
        var gray = [UInt8](repeating: 0, count: pixels)
        let rows = gray.withUnsafeMutableBufferPointer { mm_scale_to_gray(scaler, frame, $0.baseAddress, Int32(width)) }
        guard rows == Int32(height) else { throw .corrupt("grayscale conversion failed") }
        return GrayImage(width: width, height: height, pixels: gray)
    }
}
