/// Load-time arithmetic on constants.
extension ONNXConstant {
    func unsqueezed(_ axes: [Int], _ a: ONNXNodeAttributes) throws(ONNXModelError) -> ONNXConstant {
        let rank = dims.count + axes.count
        let normalized = Set(axes.map { $0 < 0 ? $0 + rank : $0 })
        guard normalized.count == axes.count, normalized.allSatisfy({ $0 >= 0 && $0 < rank }) else { throw a.usage("axes \(axes)") }
        var source = dims.makeIterator()
        return ONNXConstant(dims: (0..<rank).map { normalized.contains($0) ? 1 : source.next()! }, values: values)
    }

    func squeezed(_ axes: [Int]?, _ a: ONNXNodeAttributes) throws(ONNXModelError) -> ONNXConstant {
        let normalized = Set((axes ?? dims.indices.filter { dims[$0] == 1 }).map { $0 < 0 ? $0 + dims.count : $0 })
        guard normalized.allSatisfy({ $0 >= 0 && $0 < dims.count && dims[$0] == 1 }) else { throw a.usage("axes \(axes ?? []) of shape \(dims)") }
        return ONNXConstant(dims: dims.indices.filter { !normalized.contains($0) }.map { dims[$0] }, values: values)
    }

    func transposed(_ permutation: [Int], _ a: ONNXNodeAttributes) throws(ONNXModelError) -> ONNXConstant {
        guard permutation.sorted() == Array(dims.indices) else { throw a.usage("perm \(permutation) for shape \(dims)") }
        let newDims = permutation.map { dims[$0] }
        var sourceStrides = [Int](repeating: 1, count: dims.count)
        for axis in dims.indices.reversed().dropFirst() { sourceStrides[axis] = sourceStrides[axis + 1] * dims[axis + 1] }
        func permute<T>(_ source: [T]) -> [T] {
            var result: [T] = []
            result.reserveCapacity(source.count)
            var index = [Int](repeating: 0, count: newDims.count)
            for _ in 0..<source.count {
                result.append(source[zip(index, permutation).map { $0 * sourceStrides[$1] }.reduce(0, +)])
                var axis = newDims.count - 1
                while axis >= 0 {
                    index[axis] += 1
                    if index[axis] < newDims[axis] { break }
                    index[axis] = 0
                    axis -= 1
                }
            }
            return result
        }
        switch values {
        case .floats(let floats): return ONNXConstant(dims: newDims, floats: permute(floats))
        case .ints(let ints): return ONNXConstant(dims: newDims, ints: permute(ints))
        }
    }

    /// Elementwise arithmetic between constants of the same shape, or with a one-element constant.
    func combined(with other: ONNXConstant, _ kind: ONNXBinaryOperation.Kind, _ a: ONNXNodeAttributes) throws(ONNXModelError) -> ONNXConstant {
        let resultDims: [Int]
        if dims == other.dims || other.count == 1 { resultDims = dims } else if count == 1 { resultDims = other.dims } else {
            throw a.usage("arithmetic between constants of shapes \(dims) and \(other.dims)")
        }
        let n = resultDims.reduce(1, *)
        if let l = ints, let r = other.ints {
            var result: [Int64] = []
            for i in 0..<n {
                let (x, y) = (l[l.count == 1 ? 0 : i], r[r.count == 1 ? 0 : i])
                guard x != Self.batchMarker, y != Self.batchMarker else { throw a.usage("arithmetic on the batch size") }
                let (value, overflow): (Int64, Bool)
                switch kind {
                case .add: (value, overflow) = x.addingReportingOverflow(y)
                case .subtract: (value, overflow) = x.subtractingReportingOverflow(y)
                case .multiply: (value, overflow) = x.multipliedReportingOverflow(by: y)
                case .divide: (value, overflow) = y == 0 ? (0, true) : x.dividedReportingOverflow(by: y)
                }
                guard !overflow else { throw a.usage("integer overflow or division by zero") }
                result.append(value)
            }
            return ONNXConstant(dims: resultDims, ints: result)
        }
        let (l, r) = (floats, other.floats)
        let result = (0..<n).map { i -> Float in
            let (x, y) = (l[l.count == 1 ? 0 : i], r[r.count == 1 ? 0 : i])
            switch kind {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide: return x / y
            }
        }
        return ONNXConstant(dims: resultDims, floats: result)
    }
}
