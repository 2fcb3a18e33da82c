import CTurboJPEG
import MoodMusicVision

/// Encodes a sampled grayscale frame as a one-channel JPEG, the form DetectEmotions takes, so a
/// video worker can hand frames to the emotion workers. Quality 95 keeps the faces' pixels close
/// to the decoded frame (the emotion model sees 64×64 crops of them).
public enum GrayJPEGEncoder {
    public static func encode(_ image: GrayImage, quality: Int32 = 95) throws(VideoDecodingError) -> [UInt8] {
        guard image.width > 0, image.height > 0 else { throw .corrupt("a decoded frame is empty") }
        guard let handle = tjInitCompress() else { throw .corrupt("TurboJPEG could not create a compressor") }
        defer { tjDestroy(handle) }
        var output: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        let status = image.pixels.withUnsafeBufferPointer { pixels in
            tjCompress2(handle, pixels.baseAddress, Int32(image.width), 0, Int32(image.height), Int32(TJPF_GRAY.rawValue),
                        &output, &size, Int32(TJSAMP_GRAY.rawValue), quality, 0)
        }
        defer { if let output { tjFree(output) } }
        guard status == 0, let output else { throw .corrupt("TurboJPEG could not encode a frame") }
        return [UInt8](UnsafeBufferPointer(start: output, count: Int(size)))
    }
}
