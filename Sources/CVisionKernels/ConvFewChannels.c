#include "VisionKernels.h"

#include <immintrin.h>

int mmv_has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

// Output pixels ox .. ox + pixels - 1 (pixels <= P) of one row, filters f .. f + 8V - 1, in P x V registers, so
// that independent chains of multiply-adds hide each other's latency. P and V are constants after inlining:
// 2 x 4 for 32 filters (BlazeFace's first layer), 4 x 2 for 16, 8 x 1 for 8 (the emotion CNN's first layers).
// Every output is bias + the products in (ky, kx, c) order whatever P and V are, so the block shape never
// changes a result.
__attribute__((target("avx2,fma"), always_inline))
static inline void pixels_block(const float *input, int height, int width, int channels, int kernel_height,
                                int kernel_width, int stride_x, int y0, int x0, int pixels, const float *weights,
                                const float *bias, int filters, int f, float *o, int relu, const int P, const int V) {
    __m256 a[8][4];
    for (int p = 0; p < P; p++) {
        for (int v = 0; v < V; v++) a[p][v] = _mm256_loadu_ps(bias + f + 8 * v);
    }
    const ptrdiff_t step = (ptrdiff_t)stride_x * channels;
    if (pixels == P && y0 >= 0 && y0 + kernel_height <= height && x0 >= 0 && x0 + (P - 1) * stride_x + kernel_width <= width) {
        // Every tap of every pixel inside the input (most blocks): one window row is kernel_width x channels
        // contiguous floats, read without checks.
        for (int ky = 0; ky < kernel_height; ky++) {
            const float *row = input + ((ptrdiff_t)(y0 + ky) * width + x0) * channels;
            const float *w = weights + (ptrdiff_t)ky * kernel_width * channels * filters + f;
            for (int k = 0; k < kernel_width * channels; k++, w += filters) {
                __m256 wv[4];
                for (int v = 0; v < V; v++) wv[v] = _mm256_loadu_ps(w + 8 * v);
                for (int p = 0; p < P; p++) {
                    const __m256 x = _mm256_broadcast_ss(row + p * step + k);
                    for (int v = 0; v < V; v++) a[p][v] = _mm256_fmadd_ps(x, wv[v], a[p][v]);
                }
            }
        }
    } else {
        // A block at the border: taps in the padding, and pixels past the row's end, are skipped.
        for (int ky = 0; ky < kernel_height; ky++) {
            const int y = y0 + ky;
            if (y < 0 || y >= height) continue;
            const float *row = input + (ptrdiff_t)y * width * channels;
            for (int kx = 0; kx < kernel_width; kx++) {
                const float *w = weights + ((ptrdiff_t)(ky * kernel_width + kx) * channels) * filters + f;
                for (int c = 0; c < channels; c++, w += filters) {
                    __m256 wv[4];
                    for (int v = 0; v < V; v++) wv[v] = _mm256_loadu_ps(w + 8 * v);
                    for (int p = 0; p < pixels; p++) {
                        const int x = x0 + kx + p * stride_x;
                        if (x < 0 || x >= width) continue;
                        const __m256 value = _mm256_broadcast_ss(row + (ptrdiff_t)x * channels + c);
                        for (int v = 0; v < V; v++) a[p][v] = _mm256_fmadd_ps(value, wv[v], a[p][v]);
                    }
                }
            }
        }
    }
    const __m256 zero = _mm256_setzero_ps();
    for (int p = 0; p < pixels; p++) {
        for (int v = 0; v < V; v++) {
            __m256 value = relu ? _mm256_max_ps(a[p][v], zero) : a[p][v];
            _mm256_storeu_ps(o + (ptrdiff_t)p * filters + f + 8 * v, value);
        }
    }
}

#define MMV_CONV_ROWS(P, V)                                                                                            \
    for (int oy = 0; oy < out_height; oy++) {                                                                          \
        const int y0 = oy * stride_y - pad_top;                                                                        \
        for (int ox = 0; ox < out_width; ox += P) {                                                                    \
            const int pixels = out_width - ox < P ? out_width - ox : P;                                                \
            const int x0 = ox * stride_x - pad_left;                                                                   \
            float *o = out + ((ptrdiff_t)oy * out_width + ox) * filters;                                               \
            for (int f = 0; f + 8 * V <= filters; f += 8 * V) {                                                        \
                pixels_block(input, height, width, channels, kernel_height, kernel_width, stride_x, y0, x0, pixels,    \
                             weights, bias, filters, f, o, relu, P, V);                                                \
            }                                                                                                          \
        }                                                                                                              \
    }

__attribute__((target("avx2,fma")))
void mmv_conv_few_channels(const float *input, int height, int width, int channels,
                           int kernel_height, int kernel_width, int stride_y, int stride_x, int pad_top, int pad_left,
                           const float *weights, const float *bias, int filters,
                           float *out, int out_height, int out_width, int relu) {
    if (filters % 32 == 0) {
        MMV_CONV_ROWS(2, 4)
    } else if (filters % 16 == 0) {
        MMV_CONV_ROWS(4, 2)
    } else {
        MMV_CONV_ROWS(8, 1)
    }
}
