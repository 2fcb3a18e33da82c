/// Limited-memory BFGS minimisation with a backtracking (Armijo) line search. Deterministic: the
/// same objective and start point give the same iterates bit for bit.
struct LBFGS {
    var memory = 10
    var maxIterations = 500
    /// Stop when the gradient's max-norm falls below this.
    var gradientTolerance = 1e-6

    /// Minimises `objective`, which returns the value and writes the gradient. Returns the final point.
    func minimize(start: [Double], objective: ([Double], inout [Double]) -> Double) -> [Double] {
        let n = start.count
        var x = start
        var g = [Double](repeating: 0, count: n)
        var f = objective(x, &g)
        var sHistory: [[Double]] = []
        var yHistory: [[Double]] = []
        var rhoHistory: [Double] = []
        var newG = [Double](repeating: 0, count: n)
        for _ in 0..<maxIterations {
            if g.reduce(0, { max($0, abs($1)) }) < gradientTolerance { break }
            // Two-loop recursion: d = -H·g.
            var q = g
            var alphas = [Double](repeating: 0, count: sHistory.count)
            for k in stride(from: sHistory.count - 1, through: 0, by: -1) {
                alphas[k] = rhoHistory[k] * dot(sHistory[k], q)
                axpy(-alphas[k], yHistory[k], &q)
            }
            if let s = sHistory.last, let y = yHistory.last {
                let scale = dot(s, y) / dot(y, y)
                for i in 0..<n { q[i] *= scale }
            } else {
                let gNorm = dot(g, g).squareRoot()
                for i in 0..<n { q[i] /= max(gNorm, 1) }
            }
            for k in 0..<sHistory.count {
                let beta = rhoHistory[k] * dot(yHistory[k], q)
                axpy(alphas[k] - beta, sHistory[k], &q)
            }
            var direction = q.map { -$0 }
            var slope = dot(g, direction)
            if slope >= 0 {
                // Not a descent direction: restart from steepest descent.
                direction = g.map { -$0 }
                slope = -dot(g, g)
                sHistory.removeAll(); yHistory.removeAll(); rhoHistory.removeAll()
            }
            var step = 1.0
            var newX = x
            var newF = f
            var accepted = false
            for _ in 0..<40 {
                for i in 0..<n { newX[i] = x[i] + step * direction[i] }
                newF = objective(newX, &newG)
                if newF <= f + 1e-4 * step * slope { accepted = true; break }
                step *= 0.5
            }
            if !accepted { break }
            var s = [Double](repeating: 0, count: n)
            var y = [Double](repeating: 0, count: n)
            for i in 0..<n { s[i] = newX[i] - x[i]; y[i] = newG[i] - g[i] }
            let sy = dot(s, y)
            if sy > 1e-12 {
                if sHistory.count == memory { sHistory.removeFirst(); yHistory.removeFirst(); rhoHistory.removeFirst() }
                sHistory.append(s); yHistory.append(y); rhoHistory.append(1 / sy)
            }
            let improvement = f - newF
            x = newX
            g = newG
            f = newF
            if improvement < 1e-14 * max(1, abs(f)) { break }
        }
        return x
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in 0..<a.count { s += a[i] * b[i] }
        return s
    }

    private func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
        for i in 0..<x.count { y[i] += alpha * x[i] }
    }
}
