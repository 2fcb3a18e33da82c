import Foundation

/// Multinomial logistic regression on an RBF kernel, k(x, z) = exp(−γ‖x − z‖²), with an L2 (RKHS
/// norm) penalty. It is trained in the primal on Cholesky features: with K = L·Lᵀ the training
/// points' features are the rows of L, so the problem is an ordinary, well-conditioned L2-penalised
/// softmax regression minimised by L-BFGS from zero (deterministic, no random start).
struct KernelLogisticRegression: Sendable {
    struct Settings: Sendable, Equatable {
        var gamma = 1.0
        var lambda = 1e-3
        var maxIterations = 400
    }

    let settings: Settings
    /// Training points (already scaled), row-major.
    let centers: [Double]
    let width: Int
    let classCount: Int
    /// Dual coefficients: f(x) = Σ_j k(x, center_j)·coefficients[j] + bias.
    let coefficients: [Double]
    let bias: [Double]

    init(points: [Double], width: Int, labels: [Int], classCount: Int, settings: Settings) {
        let n = labels.count
        let c = classCount
        self.settings = settings
        self.centers = points
        self.width = width
        self.classCount = classCount
        var kernel = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                let v = Self.kernel(points, i, points, j, width: width, gamma: settings.gamma)
                kernel[i * n + j] = v
                kernel[j * n + i] = v
            }
        }
        // A little jitter keeps the factorisation stable for near-duplicate rows.
        var jitter = 1e-8
        var factor: [Double]?
        while factor == nil {
            for i in 0..<n { kernel[i * n + i] += jitter }
            factor = Cholesky.factor(kernel, n: n)
            jitter *= 10
        }
        let l = factor!
        let lambda = settings.lambda
        var logits = [Double](repeating: 0, count: n * c)
        var residual = [Double](repeating: 0, count: n * c)
        // Parameters: W (n×c) then the bias (c).
        let objective = { (params: [Double], gradient: inout [Double]) -> Double in
            var loss = 0.0
            params.withUnsafeBufferPointer { p in
                l.withUnsafeBufferPointer { lp in
                    logits.withUnsafeMutableBufferPointer { f in
                        for i in 0..<n {
                            for k in 0..<c { f[i * c + k] = p[n * c + k] }
                            for j in 0...i {
                                let lij = lp[i * n + j]
                                for k in 0..<c { f[i * c + k] += lij * p[j * c + k] }
                            }
                        }
                    }
                }
            }
            for i in 0..<n {
                var top = -Double.infinity
                for k in 0..<c { top = max(top, logits[i * c + k]) }
                var sum = 0.0
                for k in 0..<c { sum += exp(logits[i * c + k] - top) }
                let logSum = top + log(sum)
                loss -= logits[i * c + labels[i]] - logSum
                for k in 0..<c {
                    residual[i * c + k] = (exp(logits[i * c + k] - logSum) - (k == labels[i] ? 1 : 0)) / Double(n)
                }
            }
            loss /= Double(n)
            for k in 0..<c { gradient[n * c + k] = 0 }
            for i in 0..<n { for k in 0..<c { gradient[n * c + k] += residual[i * c + k] } }
            // ∇W = Lᵀ·R + λW
            var penalty = 0.0
            for j in 0..<(n * c) {
                gradient[j] = lambda * params[j]
                penalty += params[j] * params[j]
            }
            gradient.withUnsafeMutableBufferPointer { g in
                l.withUnsafeBufferPointer { lp in
                    residual.withUnsafeBufferPointer { r in
                        for i in 0..<n {
                            for j in 0...i {
                                let lij = lp[i * n + j]
                                for k in 0..<c { g[j * c + k] += lij * r[i * c + k] }
                            }
                        }
                    }
                }
            }
            return loss + 0.5 * lambda * penalty
        }
        let solver = LBFGS(maxIterations: settings.maxIterations)
        let solution = solver.minimize(start: [Double](repeating: 0, count: n * c + c), objective: objective)
        let weights = Array(solution[0..<(n * c)])
        coefficients = Cholesky.solveTransposed(l, n: n, weights, m: c)
        bias = Array(solution[(n * c)...])
    }

    @inline(__always)
    static func kernel(_ a: [Double], _ i: Int, _ b: [Double], _ j: Int, width: Int, gamma: Double) -> Double {
        var d2 = 0.0
        for t in 0..<width {
            let d = a[i * width + t] - b[j * width + t]
            d2 += d * d
        }
        return exp(-gamma * d2)
    }

    /// Class probabilities for one scaled point (`width` values), written to `out` (`classCount`).
    func probabilities(_ point: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        let n = coefficients.count / classCount
        let c = classCount
        for k in 0..<c { out[k] = bias[k] }
        centers.withUnsafeBufferPointer { centers in
            coefficients.withUnsafeBufferPointer { coefficients in
                for j in 0..<n {
                    var d2 = 0.0
                    for t in 0..<width {
                        let d = point[t] - centers[j * width + t]
                        d2 += d * d
                    }
                    let k = exp(-settings.gamma * d2)
                    for m in 0..<c { out[m] += k * coefficients[j * c + m] }
                }
            }
        }
        var top = -Double.infinity
        for k in 0..<c { top = max(top, out[k]) }
        var sum = 0.0
        for k in 0..<c { out[k] = exp(out[k] - top); sum += out[k] }
        for k in 0..<c { out[k] /= sum }
    }
}
