/// Keras padding modes for convolution and pooling windows.
enum KerasPadding: String, Sendable {
    case valid, same
}

/// Where a sliding window (convolution kernel or pooling window) lands along one axis, with Keras/TensorFlow
/// semantics.
///
/// `same`: output = ceil(input / stride); the total padding max((output − 1)·stride + window − input, 0) is split
/// with the smaller half before (TensorFlow puts the odd pixel at the bottom/right).
/// `valid`: output = floor((input − window) / stride) + 1, no padding.
struct WindowGeometry: Sendable, Equatable {
    let input: Int
    let window: Int
    let stride: Int
    let output: Int
    /// Padding before the first input pixel; output index o reads inputs o·stride − padBefore ..< +window.
    let padBefore: Int

    init(input: Int, window: Int, stride: Int, padding: KerasPadding) {
        self.input = input
        self.window = window
        self.stride = stride
        switch padding {
        case .valid:
            output = input >= window ? (input - window) / stride + 1 : 0
            padBefore = 0
        case .same:
            output = (input + stride - 1) / stride
            padBefore = max((output - 1) * stride + window - input, 0) / 2
        }
    }

    /// First input index read by output `index` (may be negative inside the padding).
    @inline(__always) func start(_ index: Int) -> Int { index * stride - padBefore }
}
