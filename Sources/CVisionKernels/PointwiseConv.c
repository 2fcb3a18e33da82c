#include "VisionKernels.h"

#include <immintrin.h>

static int rounded_to_8(int n) { return (n + 7) / 8 * 8; }

ptrdiff_t mmv_pointwise_packed_count(int inputs, int outputs) {
    return (ptrdiff_t)rounded_to_8(outputs) * (inputs + 1);
}

void mmv_pointwise_pack(const float *weights, const float *bias, int inputs, int outputs, float *packed) {
    const int padded = rounded_to_8(outputs);
    for (int j = 0; j < padded; j++) *packed++ = j < outputs ? bias[j] : 0;
    for (int j = 0; j < padded; j += 16) {
        const int width = padded - j >= 16 ? 16 : 8;
        for (int i = 0; i < inputs; i++) {
            for (int c = 0; c < width; c++) *packed++ = j + c < outputs ? weights[(ptrdiff_t)i * outputs + j + c] : 0;
        }
    }
}

// `rows` pixels (a constant after inlining) x `vectors` x 8 outputs of one panel, accumulated in registers over the
// whole sum. Columns at or past `n` (the zero padding of the last panel) are computed but not stored. The residual,
// when there is one, is added to the first `rc` columns (of row stride `rc`) after the sum and before the clamp: the
// same floats as the convolution followed by a separate ADD.
__attribute__((target("avx2,fma"), always_inline))
static inline void panel_tile(const float *in, int k, const float *panel, const float *bias, int n, float *out,
                              int rows, int vectors, int relu, const float *res, int rc, int j) {
    __m256 a[8][2];
#pragma clang loop unroll(full)
    for (int r = 0; r < rows; r++) {
#pragma clang loop unroll(full)
        for (int v = 0; v < vectors; v++) a[r][v] = _mm256_load_ps(bias + 8 * v);
    }
    const int width = 8 * vectors;
    for (int i = 0; i < k; i++, panel += width) {
        const __m256 w0 = _mm256_load_ps(panel), w1 = vectors > 1 ? _mm256_load_ps(panel + 8) : w0;
        for (int r = 0; r < rows; r++) {
            const __m256 x = _mm256_broadcast_ss(in + (ptrdiff_t)r * k + i);
            a[r][0] = _mm256_fmadd_ps(x, w0, a[r][0]);
            if (vectors > 1) a[r][1] = _mm256_fmadd_ps(x, w1, a[r][1]);
        }
    }
    const __m256 zero = _mm256_setzero_ps();
    const int valid0 = n - j, valid1 = valid0 - 8;
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
#pragma clang loop unroll(full)
    for (int r = 0; r < rows; r++) {
#pragma clang loop unroll(full)
        for (int v = 0; v < vectors; v++) {
            const int valid = v ? valid1 : valid0;
            __m256 value = a[r][v];
            if (res && j + 8 * v < rc) value = _mm256_add_ps(value, _mm256_loadu_ps(res + (ptrdiff_t)r * rc + j + 8 * v));
            if (relu) value = _mm256_max_ps(value, zero);
            if (valid >= 8) {
                _mm256_storeu_ps(out + (ptrdiff_t)r * n + 8 * v, value);
            } else if (valid > 0) {
                _mm256_maskstore_ps(out + (ptrdiff_t)r * n + 8 * v, _mm256_cmpgt_epi32(_mm256_set1_epi32(valid), lanes), value);
            }
        }
    }
}

// Every panel for `rows` pixels starting at `in`. Four pixels x 16 filters per tile: tiles of 6 x 16 (12 accumulators)
// were as fast on warm caches but up to a third slower inside the network (vision-tool analyze --profile-ops).
__attribute__((target("avx2,fma"), always_inline))
static inline void panel_rows(const float *in, int k, const float *bias, const float *panels, int n, float *out,
                              int rows, int relu, const float *res, int rc) {
    const int padded = rounded_to_8(n);
    int j = 0;
    for (; j + 16 <= padded; j += 16, panels += 16 * k) {
        panel_tile(in, k, panels, bias + j, n, out + j, rows, 2, relu, res, rc, j);
    }
    if (j < padded) panel_tile(in, k, panels, bias + j, n, out + j, rows, 1, relu, res, rc, j);
}

__attribute__((target("avx2,fma")))
void mmv_pointwise_conv(const float *input, ptrdiff_t pixels, int inputs, const float *packed, int outputs, float *out,
                        int relu, const float *residual, int residual_channels) {
    const int rc = residual ? residual_channels : 0;
    const ptrdiff_t k = inputs, n = outputs;
    const float *bias = packed, *panels = packed + rounded_to_8(outputs);
    ptrdiff_t p = 0;
    if (rounded_to_8(outputs) == 8) {
        // One panel of one vector: eight pixels give eight independent chains, enough to hide the FMA latency.
        for (; p + 8 <= pixels; p += 8) {
            panel_tile(input + p * k, inputs, panels, bias, outputs, out + p * n, 8, 1, relu,
                       residual ? residual + p * rc : 0, rc, 0);
        }
    }
    for (; p + 4 <= pixels; p += 4) {
        panel_rows(input + p * k, inputs, bias, panels, outputs, out + p * n, 4, relu, residual ? residual + p * rc : 0, rc);
    }
    for (; p < pixels; p++) {
        panel_rows(input + p * k, inputs, bias, panels, outputs, out + p * n, 1, relu, residual ? residual + p * rc : 0, rc);
    }
}
