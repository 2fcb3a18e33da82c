extension WindowGeometry {
    /// ONNX windows: explicit padding before and after, floor or ceil rounding of the output size. With ceil
    /// rounding a last window that would start inside the trailing padding is dropped (as onnxruntime and
    /// PyTorch do). Nil when no window fits.
    init?(input: Int, window: Int, stride: Int, padBefore: Int, padAfter: Int, ceilMode: Bool = false) {
        let span = input + padBefore + padAfter - window
        guard window >= 1, stride >= 1, span >= 0 else { return nil }
        var output = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1
        if ceilMode && (output - 1) * stride >= input + padBefore { output -= 1 }
        self.input = input
        self.window = window
        self.stride = stride
        self.output = output
        self.padBefore = padBefore
    }
}
