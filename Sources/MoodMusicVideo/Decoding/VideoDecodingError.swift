/// Why a video could not be sampled. Every case carries enough for a client to fix its input.
public enum VideoDecodingError: Error, Equatable, CustomStringConvertible {
    /// No bytes at all.
    case empty
    /// The encoded video is larger than the limit (bytes).
    case tooLarge(bytes: Int, limit: Int)
    /// A frame is larger than the pixel limit.
    case frameTooLarge(width: Int, height: Int, limit: Int)
    /// FFmpeg recognises no container in the bytes, or cannot read its header.
    case unreadable(String)
    /// The container holds no video stream (audio only, subtitles, a cover picture only).
    case noVideoStream
    /// The video stream's codec is not one this FFmpeg build decodes.
    case unsupportedCodec(String)
    /// The data ends before the container says it should.
    case truncated(declaredSeconds: Double, endsAtSeconds: Double)
    /// The video stream holds no decodable frame.
    case corrupt(String)
    /// A sampling option is out of range.
    case invalidOptions(String)

    /// True for inputs that are well formed but over a configured limit: a service answers
    /// RESOURCE_EXHAUSTED for these and INVALID_ARGUMENT for every other case.
    public var isOverLimit: Bool {
        switch self {
        case .tooLarge, .frameTooLarge: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .empty: "the video is empty"
        case .tooLarge(let bytes, let limit): "the video is \(bytes) bytes; the limit is \(limit)"
        case .frameTooLarge(let width, let height, let limit):
            "the video's frames are \(width)x\(height); the limit is \(limit) pixels per frame"
        case .unreadable(let reason): "not a readable video container: \(reason)"
        case .noVideoStream: "the file has no video stream"
        case .unsupportedCodec(let name): "the video codec \(name) is not supported"
        case .truncated(let declared, let ends):
            "the video is truncated: the container declares \(Self.seconds(declared)) but its data ends at \(Self.seconds(ends))"
        case .corrupt(let reason): "the video stream is corrupt: \(reason)"
        case .invalidOptions(let reason): reason
        }
    }

    private static func seconds(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.isFinite ? "\(tenths / 10) s" : "? s"
    }
}
