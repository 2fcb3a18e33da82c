/// Gemm, MatMul, the reshaping operators and Softmax.
extension ONNXGraphCompiler {
    mutating func gemm(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> Value {
        let x = try runtime(a, 0, rank: 2)
        let b = try constant(a, 1)
        guard try a.int("transA", default: 0) == 0 else { throw a.usage("transA 1") }
        let transposed = try a.int("transB", default: 0) != 0
        guard b.dims.count == 2 else { throw .invalidGraph("node '\(a.nodeName)': B has shape \(b.dims)") }
        let (k, m) = transposed ? (b.dims[1], b.dims[0]) : (b.dims[0], b.dims[1])
        guard k == x.shape.channels else { throw .invalidGraph("node '\(a.nodeName)': B \(b.dims) does not fit an input of \(x.shape.channels)") }
        let alpha = a.float("alpha", default: 1), beta = a.float("beta", default: 1)
        let source = b.floats
        var weights = [Float](repeating: 0, count: k * m)
        for row in 0..<k {
            for column in 0..<m { weights[row * m + column] = alpha * source[transposed ? column * k + row : row * m + column] }
        }
        var bias = [Float](repeating: 0, count: m)
        if let c = try optionalConstant(a, 2) {
            let values = try vectorBroadcast(c, length: m, rank: 2, a)
            bias = values.map { beta * $0 }
        }
        return try emit(ONNXDenseOperation(weights: WeightMatrix(rows: k, columns: m, values: weights, bias: bias), activation: .none),
                        reading: [x], rank: 2)
    }

    mutating func matMul(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> Value {
        let x = try runtime(a, 0, rank: 2)
        let b = try constant(a, 1)
        guard b.dims.count == 2, b.dims[0] == x.shape.channels else {
            throw .invalidGraph("node '\(a.nodeName)': B \(b.dims) does not fit an input of \(x.shape.channels)")
        }
        let m = b.dims[1]
        return try emit(ONNXDenseOperation(weights: WeightMatrix(rows: b.dims[0], columns: m, values: b.floats, bias: [Float](repeating: 0, count: m)),
                                           activation: .none), reading: [x], rank: 2)
    }

    /// [N, C, H, W] → [N, C·H·W] in ONNX (channel-major) order.
    mutating func flattenImage(_ x: RuntimeValue) throws(ONNXModelError) -> Value {
        if x.shape.height * x.shape.width == 1 { return alias(x, rank: 2) }
        return try emit(ChannelsFirstFlattenOperation(inputShape: x.shape), reading: [x], rank: 2)
    }

    mutating func flatten(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> Value {
        let x = try runtime(a, 0)
        guard try a.int("axis", default: 1) == 1 else { throw a.usage("axis other than 1") }
        return x.rank == 4 ? try flattenImage(x) : alias(x, rank: 2)
    }

    /// Reshape to [N, rest] (rank 2), or to the same shape. The batch entry may be the shape computed by
    /// `Shape` (the batch marker), 0 (copy), -1, or 1.
    mutating func reshape(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> Value {
        let x = try runtime(a, 0)
        guard let target = try constant(a, 1).ints else { throw a.usage("shape must be integers") }
        let source = x.dims
        let resolved = target.enumerated().map { index, dim in dim == 0 && index < source.count ? source[index] : dim }
        if resolved == source { return alias(x, rank: x.rank) }
        let perImage = Int64(x.shape.count)
        let batchLike: Set<Int64> = [ONNXConstant.batchMarker, -1, 1]
        guard resolved.count == 2, batchLike.contains(resolved[0]),
              resolved[1] == perImage || (resolved[1] == -1 && resolved[0] != -1) else {
            throw a.usage("reshape of \(source.map { $0 == ONNXConstant.batchMarker ? "N" : String($0) }) to \(target); only [N, -1] is supported")
        }
        return x.rank == 4 ? try flattenImage(x) : alias(x, rank: 2)
    }

    /// Squeeze [N, C, 1, 1] to [N, C], and Unsqueeze back.
    mutating func squeeze(_ a: ONNXNodeAttributes, insert: Bool) throws(ONNXModelError) -> Value {
        let value = try input(a, 0)
        let axes = try intList(a, attribute: "axes", input: 1)
        guard case .runtime(let x) = value else {
            guard case .constant(let c) = value else { fatalError("unreachable") }
            return .constant(try insert ? c.unsqueezed(axes ?? [], a) : c.squeezed(axes, a))
        }
        let rank = insert ? x.rank + (axes?.count ?? 0) : x.rank
        let normalized = Set((axes ?? [2, 3]).map { $0 < 0 ? $0 + (insert ? rank : x.rank) : $0 })
        guard normalized == [2, 3], x.shape.height == 1, x.shape.width == 1, x.rank == (insert ? 2 : 4) else {
            throw a.usage("axes \(axes ?? []) on a rank-\(x.rank) tensor; only the 1×1 spatial axes [2, 3]")
        }
        return alias(x, rank: insert ? 4 : 2)
    }

    mutating func transpose(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> Value {
        let value = try input(a, 0)
        let permutation = try a.ints("perm")
        switch value {
        case .constant(let c):
            return .constant(try c.transposed(permutation ?? Array((0..<c.dims.count).reversed()), a))
        case .runtime(let x):
            guard let permutation, permutation == Array(0..<x.rank) else { throw a.usage("perm \(permutation ?? []) on data; only the identity") }
            return alias(x, rank: x.rank)
        }
    }

    mutating func softmax(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> Value {
        let x = try runtime(a, 0)
        let axis = try a.int("axis", default: opset >= 13 ? -1 : 1)
        let normalized = axis < 0 ? axis + x.rank : axis
        // Over channels: the last axis of a vector; for an image, axis 1 (opset 13+) or a 1×1 image.
        let overChannels = x.rank == 2 ? normalized == 1
            : normalized == 1 && (opset >= 13 || x.shape.height * x.shape.width == 1)
        guard overChannels else { throw a.usage("axis \(axis) on a rank-\(x.rank) tensor; only the channel axis") }
        return try emit(SoftmaxOperation(outputShape: x.shape), reading: [x], rank: x.rank)
    }

    /// A constant that broadcasts as one value per channel against a rank-`rank` tensor with `length`
    /// channels: a scalar, [C], [1, C] or [C, 1, 1] style shapes.
    func vectorBroadcast(_ c: ONNXConstant, length: Int, rank: Int, _ a: ONNXNodeAttributes) throws(ONNXModelError) -> [Float] {
        guard c.dims.count <= rank else { throw a.usage("a constant of shape \(c.dims) against rank \(rank)") }
        let padded = [Int](repeating: 1, count: rank - c.dims.count) + c.dims
        let channelAxis = 1
        let others = padded.enumerated().filter { $0.offset != channelAxis }.map(\.element)
        guard others.allSatisfy({ $0 == 1 }), padded[channelAxis] == 1 || padded[channelAxis] == length else {
            throw a.usage("a constant of shape \(c.dims) does not broadcast per channel over \(length) channels")
        }
        let values = c.floats
        return padded[channelAxis] == 1 ? [Float](repeating: values[0], count: length) : values
    }
}
