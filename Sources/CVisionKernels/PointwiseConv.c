#include "VisionKernels.h"

#include <immintrin.h>

// `rows` pixels (a constant after inlining) x `vectors` x 8 outputs held in registers over the whole sum.
__attribute__((target("avx2,fma"), always_inline))
static inline void tile(const float *in, int k, const float *w, const float *bias, int n, float *out,
                        int rows, int vectors, int relu) {
    __m256 a[4][2];
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
            _mm256_storeu_ps(out + (ptrdiff_t)r * n + 8 * v, relu ? _mm256_max_ps(a[r][v], zero) : a[r][v]);
        }
    }
}

__attribute__((target("avx2,fma")))
static void row_block(const float *in, int k, const float *w, const float *bias, int n, float *out, int rows, int relu) {
    int j = 0;
    if (rows == 4) {
        for (; j + 16 <= n; j += 16) tile(in, k, w + j, bias + j, n, out + j, 4, 2, relu);
        for (; j + 8 <= n; j += 8) tile(in, k, w + j, bias + j, n, out + j, 4, 1, relu);
    } else {
        for (; j + 16 <= n; j += 16) tile(in, k, w + j, bias + j, n, out + j, 1, 2, relu);
        for (; j + 8 <= n; j += 8) tile(in, k, w + j, bias + j, n, out + j, 1, 1, relu);
    }
}

__attribute__((target("avx2,fma")))
void mmv_pointwise_conv(const float *input, ptrdiff_t pixels, int inputs, const float *weights, const float *bias,
                        int outputs, float *out, int relu) {
    ptrdiff_t p = 0;
    for (; p + 4 <= pixels; p += 4) {
        row_block(input + p * inputs, inputs, weights, bias, outputs, out + p * outputs, 4, relu);
    }
    for (; p < pixels; p++) {
        row_block(input + p * inputs, inputs, weights, bias, outputs, out + p * outputs, 1, relu);
    }
}
