/// MediaPipe's SSD anchors with fixed_anchor_size: every anchor is 1 × 1 (relative to the input) and sits at the
/// centre of its grid cell. Layers with the same stride share one grid, each adding its anchors per cell; cells
/// run row by row, anchors of one cell together.
enum BlazeFaceAnchors {
    /// Anchor centres (x, y) in input-relative units, in the model's output order.
    static func centers(for variant: BlazeFaceVariant) -> [SIMD2<Float>] {
        var centers: [SIMD2<Float>] = []
        let strides = variant.strides
        var layer = 0
        while layer < strides.count {
            var last = layer
            while last + 1 < strides.count && strides[last + 1] == strides[layer] { last += 1 }
            let perCell = (last - layer + 1) * variant.anchorsPerLayer
            let cells = (variant.inputSize + strides[layer] - 1) / strides[layer]
            for y in 0..<cells {
                for x in 0..<cells {
                    let center = SIMD2<Float>((Float(x) + 0.5) / Float(cells), (Float(y) + 0.5) / Float(cells))
                    centers += repeatElement(center, count: perCell)
                }
            }
            layer = last + 1
        }
        return centers
    }
}
