#include "VisionKernels.h"

#include <immintrin.h>

// `rows` pixels (a constant after inlining) x `vectors` x 8 outputs held in registers over the whole sum. The
// residual, when there is one, is added to the first `rc` columns (of row stride `rc`) after the sum and before
// the clamp: the same floats as the convolution followed by a separate ADD.
__attribute__((target("avx2,fma"), always_inline))
static inline void tile(const float *in, int k, const float *w, const float *bias, int n, float *out,
                        int rows, int vectors, int relu, const float *res, int rc, int j) {
    __m256 a[8][2];
    for (int r = 0; r < rows; r++) {
        for (int v = 0; v < vectors; v++) a[r][v] = _mm256_loadu_ps(bias + 8 * v);
    }
    for (int i = 0; i < k; i++, w += n) {
        const __m256 w0 = _mm256_loadu_ps(w), w1 = vectors > 1 ? _mm256_loadu_ps(w + 8) : w0;
        for (int r = 0; r < rows; r++) {
            const __m256 x = _mm256_broadcast_ss(in + (ptrdiff_t)r * k + i);
            a[r][0] = _mm256_fmadd_ps(x, w0, a[r][0]);
            if (vectors > 1) a[r][1] = _mm256_fmadd_ps(x, w1, a[r][1]);
        }
    }
    const __m256 zero = _mm256_setzero_ps();
    for (int r = 0; r < rows; r++) {
        for (int v = 0; v < vectors; v++) {
            __m256 value = a[r][v];
            if (res && j + 8 * v < rc) value = _mm256_add_ps(value, _mm256_loadu_ps(res + (ptrdiff_t)r * rc + j + 8 * v));
            _mm256_storeu_ps(out + (ptrdiff_t)r * n + 8 * v, relu ? _mm256_max_ps(value, zero) : value);
        }
    }
}

__attribute__((target("avx2,fma")))
static void row_block(const float *in, int k, const float *w, const float *bias, int n, float *out, int rows, int relu,
                      const float *res, int rc) {
    int j = 0;
    if (rows == 4) {
        for (; j + 16 <= n; j += 16) tile(in, k, w + j, bias + j, n, out + j, 4, 2, relu, res, rc, j);
        for (; j + 8 <= n; j += 8) tile(in, k, w + j, bias + j, n, out + j, 4, 1, relu, res, rc, j);
    } else {
        for (; j + 16 <= n; j += 16) tile(in, k, w + j, bias + j, n, out + j, 1, 2, relu, res, rc, j);
        for (; j + 8 <= n; j += 8) tile(in, k, w + j, bias + j, n, out + j, 1, 1, relu, res, rc, j);
    }
}

__attribute__((target("avx2,fma")))
void mmv_pointwise_conv(const float *input, ptrdiff_t pixels, int inputs, const float *weights, const float *bias,
                        int outputs, float *out, int relu, const float *residual, int residual_channels) {
    const int rc = residual ? residual_channels : 0;
    ptrdiff_t p = 0;
    if (outputs == 8) {
        // One vector of outputs: eight pixels give eight independent chains, enough to hide the FMA latency.
        for (; p + 8 <= pixels; p += 8) {
            tile(input + p * inputs, inputs, weights, bias, 8, out + p * 8, 8, 1, relu, residual ? residual + p * rc : 0, rc, 0);
        }
    }
    for (; p + 4 <= pixels; p += 4) {
        row_block(input + p * inputs, inputs, weights, bias, outputs, out + p * outputs, 4, relu,
                  residual ? residual + p * rc : 0, rc);
    }
    for (; p < pixels; p++) {
        row_block(input + p * inputs, inputs, weights, bias, outputs, out + p * outputs, 1, relu,
                  residual ? residual + p * rc : 0, rc);
    }
}
