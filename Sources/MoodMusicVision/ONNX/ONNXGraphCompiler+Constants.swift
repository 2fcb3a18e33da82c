/// Operators evaluated at load time: Constant, and the shape arithmetic a PyTorch export emits around
/// Reshape (Shape → Gather → Unsqueeze → Concat).
extension ONNXGraphCompiler {
    func constantNode(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> ONNXConstant {
        if let tensor = a.tensor("value") { return try ONNXConstant(tensor: tensor) }
        if let attribute = a.attribute("value_float") { return ONNXConstant(dims: [], floats: [attribute.f]) }
        if let attribute = a.attribute("value_floats") { return ONNXConstant(dims: [attribute.floats.count], floats: attribute.floats) }
        if let attribute = a.attribute("value_int") { return ONNXConstant(dims: [], ints: [attribute.i]) }
        if let attribute = a.attribute("value_ints") { return ONNXConstant(dims: [attribute.ints.count], ints: attribute.ints) }
        throw a.usage("only tensor, float(s) and int(s) values")
    }

    /// The shape of a data tensor, its batch entry the batch marker.
    func shape(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> ONNXConstant {
        let dims: [Int64]
        switch try input(a, 0) {
        case .runtime(let x): dims = x.dims
        case .constant(let c): dims = c.dims.map(Int64.init)
        }
        let rank = dims.count
        func clamp(_ index: Int) -> Int { min(max(index < 0 ? index + rank : index, 0), rank) }
        let start = clamp(try a.int("start", default: 0)), end = clamp(try a.int("end", default: rank))
        let slice = start < end ? Array(dims[start..<end]) : []
        return ONNXConstant(dims: [slice.count], ints: slice)
    }

    func gather(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> ONNXConstant {
        let data = try constant(a, 0)
        let indexTensor = try constant(a, 1)
        guard let indices = indexTensor.ints else { throw a.usage("indices must be integers") }
        let rank = data.dims.count
        var axis = try a.int("axis", default: 0)
        if axis < 0 { axis += rank }
        guard axis >= 0, axis < rank else { throw a.usage("axis \(axis) for rank \(rank)") }
        let outer = data.dims[..<axis].reduce(1, *), inner = data.dims[(axis + 1)...].reduce(1, *), length = data.dims[axis]
        var picks: [Int] = []
        for index in indices {
            let resolved = index < 0 ? index + Int64(length) : index
            guard resolved >= 0, resolved < Int64(length) else { throw a.usage("index \(index) out of range 0..<\(length)") }
            picks.append(Int(resolved))
        }
        let dims = Array(data.dims[..<axis]) + indexTensor.dims + Array(data.dims[(axis + 1)...])
        func take<T>(_ values: [T]) -> [T] {
            var result: [T] = []
            for o in 0..<outer {
                for pick in picks { result += values[((o * length + pick) * inner)..<((o * length + pick + 1) * inner)] }
            }
            return result
        }
        switch data.values {
        case .floats(let values): return ONNXConstant(dims: dims, floats: take(values))
        case .ints(let values): return ONNXConstant(dims: dims, ints: take(values))
        }
    }

    func concat(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> ONNXConstant {
        let parts = try (0..<a.node.input.count).map { index throws(ONNXModelError) in try constant(a, index) }
        guard let first = parts.first else { throw a.usage("no inputs") }
        let rank = first.dims.count
        var axis = try a.int("axis", default: 0)
        if axis < 0 { axis += rank }
        guard axis >= 0, axis < rank, parts.allSatisfy({ $0.dims.count == rank }) else { throw a.usage("axis \(axis) for parts of rank \(rank)") }
        for part in parts {
            for d in 0..<rank where d != axis && part.dims[d] != first.dims[d] { throw a.usage("parts of shapes \(parts.map(\.dims))") }
        }
        let outer = first.dims[..<axis].reduce(1, *)
        var dims = first.dims
        dims[axis] = parts.map { $0.dims[axis] }.reduce(0, +)
        func join<T>(_ arrays: [[T]]) -> [T] {
            var result: [T] = []
            for o in 0..<outer {
                for (part, values) in zip(parts, arrays) {
                    let chunk = part.dims[axis...].reduce(1, *)
                    result += values[(o * chunk)..<((o + 1) * chunk)]
                }
            }
            return result
        }
        let ints = parts.compactMap(\.ints)
        if ints.count == parts.count { return ONNXConstant(dims: dims, ints: join(ints)) }
        return ONNXConstant(dims: dims, floats: join(parts.map(\.floats)))
    }

    /// Cast: folded on constants; on data only to float (a no-op here).
    mutating func cast(_ a: ONNXNodeAttributes) throws(ONNXModelError) -> Value {
        let to = try a.int("to", default: 0)
        switch try input(a, 0) {
        case .runtime(let x):
            guard to == 1 else { throw a.usage("cast of data to type \(to); only to float") }
            return alias(x, rank: x.rank)
        case .constant(let c):
            switch to {
            case 1, 10, 11: return .constant(ONNXConstant(dims: c.dims, floats: c.floats))
            case 6, 7:
                if let ints = c.ints { return .constant(ONNXConstant(dims: c.dims, ints: ints)) }
                guard c.floats.allSatisfy({ abs($0) < 9e18 }) else { throw a.usage("cast of a non-finite or huge float to an integer") }
                return .constant(ONNXConstant(dims: c.dims, ints: c.floats.map { Int64($0.rounded(.towardZero)) }))
            default: throw a.usage("cast to type \(to)")
            }
        }
    }
}
