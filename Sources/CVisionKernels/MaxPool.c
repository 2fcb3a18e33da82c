#include "VisionKernels.h"

#include <immintrin.h>

// best = value > best ? value : best, eight lanes at a time: _mm256_max_ps(value, best) returns its second operand
// when the two are equal or either is NaN, which is exactly that choice.
__attribute__((target("avx")))
static int pool_avx(const float *in, int width, int channels, int y0, int y1, int x0, int x1, float *out) {
    int c = 0;
    for (; c + 8 <= channels; c += 8) {
        __m256 best = _mm256_set1_ps(-__builtin_inff());
        for (int y = y0; y < y1; y++) {
            const float *row = in + ((ptrdiff_t)y * width) * channels + c;
            for (int x = x0; x < x1; x++) best = _mm256_max_ps(_mm256_loadu_ps(row + (ptrdiff_t)x * channels), best);
        }
        _mm256_storeu_ps(out + c, best);
    }
    return c;
}

void mmv_max_pool(const float *input, int height, int width, int channels, int window_height, int window_width,
                  int stride_y, int stride_x, int pad_top, int pad_left, float *out, int out_height, int out_width) {
    __builtin_cpu_init();
    const int avx = __builtin_cpu_supports("avx");
    for (int oy = 0; oy < out_height; oy++) {
        const int ys = oy * stride_y - pad_top;
        const int y0 = ys < 0 ? 0 : ys, y1 = ys + window_height > height ? height : ys + window_height;
        for (int ox = 0; ox < out_width; ox++, out += channels) {
            const int xs = ox * stride_x - pad_left;
            const int x0 = xs < 0 ? 0 : xs, x1 = xs + window_width > width ? width : xs + window_width;
            int c = avx ? pool_avx(input, width, channels, y0, y1, x0, x1, out) : 0;
            for (; c < channels; c++) {
                float best = -__builtin_inff();
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        const float value = input[((ptrdiff_t)y * width + x) * channels + c];
                        best = value > best ? value : best;
                    }
                }
                out[c] = best;
            }
        }
    }
}
