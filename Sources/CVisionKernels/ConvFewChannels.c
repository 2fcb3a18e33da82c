#include "VisionKernels.h"

#include <immintrin.h>

int mmv_has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

// Output pixels ox .. ox + pixels - 1 (pixels is 1 or 2) of row oy, filters f .. f + 31, in registers: two
// pixels at a time so that two independent chains of multiply-adds hide each other's latency.
__attribute__((target("avx2,fma"), always_inline))
static inline void pixels_block(const float *input, int height, int width, int channels, int kernel_height,
                                int kernel_width, int stride_x, int y0, int x0, int pixels, const float *weights,
                                const float *bias, int filters, int f, float *o, int relu) {
    __m256 a[2][4];
    for (int p = 0; p < 2; p++) {
        for (int k = 0; k < 4; k++) a[p][k] = _mm256_loadu_ps(bias + f + 8 * k);
    }
    for (int ky = 0; ky < kernel_height; ky++) {
        const int y = y0 + ky;
        if (y < 0 || y >= height) continue;
        for (int kx = 0; kx < kernel_width; kx++) {
            const int x = x0 + kx, x1 = x + stride_x;
            const int first = x >= 0 && x < width, second = pixels == 2 && x1 >= 0 && x1 < width;
            if (!first && !second) continue;
            const float *row = input + (ptrdiff_t)y * width * channels;
            const float *w = weights + ((ptrdiff_t)(ky * kernel_width + kx) * channels) * filters + f;
            for (int c = 0; c < channels; c++, w += filters) {
                const __m256 w0 = _mm256_loadu_ps(w), w1 = _mm256_loadu_ps(w + 8);
                const __m256 w2 = _mm256_loadu_ps(w + 16), w3 = _mm256_loadu_ps(w + 24);
                if (first) {
                    const __m256 v = _mm256_broadcast_ss(row + (ptrdiff_t)x * channels + c);
                    a[0][0] = _mm256_fmadd_ps(v, w0, a[0][0]); a[0][1] = _mm256_fmadd_ps(v, w1, a[0][1]);
                    a[0][2] = _mm256_fmadd_ps(v, w2, a[0][2]); a[0][3] = _mm256_fmadd_ps(v, w3, a[0][3]);
                }
                if (second) {
                    const __m256 v = _mm256_broadcast_ss(row + (ptrdiff_t)x1 * channels + c);
                    a[1][0] = _mm256_fmadd_ps(v, w0, a[1][0]); a[1][1] = _mm256_fmadd_ps(v, w1, a[1][1]);
                    a[1][2] = _mm256_fmadd_ps(v, w2, a[1][2]); a[1][3] = _mm256_fmadd_ps(v, w3, a[1][3]);
                }
            }
        }
    }
    const __m256 zero = _mm256_setzero_ps();
    for (int p = 0; p < pixels; p++) {
        for (int k = 0; k < 4; k++) {
            __m256 value = relu ? _mm256_max_ps(a[p][k], zero) : a[p][k];
            _mm256_storeu_ps(o + (ptrdiff_t)p * filters + f + 8 * k, value);
        }
    }
}

__attribute__((target("avx2,fma")))
void mmv_conv_few_channels(const float *input, int height, int width, int channels,
                           int kernel_height, int kernel_width, int stride_y, int stride_x, int pad_top, int pad_left,
                           const float *weights, const float *bias, int filters,
                           float *out, int out_height, int out_width, int relu) {
    for (int oy = 0; oy < out_height; oy++) {
        const int y0 = oy * stride_y - pad_top;
        for (int ox = 0; ox < out_width; ox += 2) {
            const int pixels = ox + 1 < out_width ? 2 : 1;
            const int x0 = ox * stride_x - pad_left;
            float *o = out + ((ptrdiff_t)oy * out_width + ox) * filters;
            for (int f = 0; f + 32 <= filters; f += 32) {
                pixels_block(input, height, width, channels, kernel_height, kernel_width, stride_x, y0, x0, pixels,
                             weights, bias, filters, f, o, relu);
            }
        }
    }
}
