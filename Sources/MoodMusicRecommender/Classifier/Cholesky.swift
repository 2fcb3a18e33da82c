/// Dense Cholesky factorisation and triangular solves for small symmetric positive-definite
/// matrices (row-major `[Double]`), enough for the kernel classifier's n ≈ 700.
enum Cholesky {
    /// The lower-triangular L with L·Lᵀ = A (A is n×n, symmetric positive definite). Returns nil
    /// when A is not positive definite.
    static func factor(_ a: [Double], n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var d = a[j * n + j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > 0 else { return nil }
            let ljj = d.squareRoot()
            l[j * n + j] = ljj
            for i in (j + 1)..<max(j + 1, n) {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / ljj
            }
        }
        return l
    }

    /// Solves Lᵀ·X = B for X (B is n×m, row-major), L lower-triangular from `factor`.
    static func solveTransposed(_ l: [Double], n: Int, _ b: [Double], m: Int) -> [Double] {
        var x = b
        for i in stride(from: n - 1, through: 0, by: -1) {
            for c in 0..<m {
                var s = x[i * m + c]
                for k in (i + 1)..<max(i + 1, n) { s -= l[k * n + i] * x[k * m + c] }
                x[i * m + c] = s / l[i * n + i]
            }
        }
        return x
    }
}
