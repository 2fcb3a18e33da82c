#include "VisionKernels.h"

#include <immintrin.h>

// Four channels at a time with SSE (every x86-64 CPU has it).
static void run_sse(const float *top, ptrdiff_t rs, ptrdiff_t step, int channels, int c0, int c1,
                    const float *w, const float *bias, float *out, int count, int relu) {
    const ptrdiff_t C = channels;
    for (int c = c0; c + 4 <= c1; c += 4) {
        const __m128 w0 = _mm_loadu_ps(w + c), w1 = _mm_loadu_ps(w + C + c), w2 = _mm_loadu_ps(w + 2 * C + c);
        const __m128 w3 = _mm_loadu_ps(w + 3 * C + c), w4 = _mm_loadu_ps(w + 4 * C + c), w5 = _mm_loadu_ps(w + 5 * C + c);
        const __m128 w6 = _mm_loadu_ps(w + 6 * C + c), w7 = _mm_loadu_ps(w + 7 * C + c), w8 = _mm_loadu_ps(w + 8 * C + c);
        const __m128 b = _mm_loadu_ps(bias + c), zero = _mm_setzero_ps();
        const float *p = top + c;
        float *o = out + c;
        for (int x = 0; x < count; x++, p += step, o += C) {
            const float *q = p + rs, *r = q + rs;
            __m128 s = b;
            s = _mm_add_ps(s, _mm_mul_ps(_mm_loadu_ps(p), w0));
            s = _mm_add_ps(s, _mm_mul_ps(_mm_loadu_ps(p + C), w1));
            s = _mm_add_ps(s, _mm_mul_ps(_mm_loadu_ps(p + 2 * C), w2));
            s = _mm_add_ps(s, _mm_mul_ps(_mm_loadu_ps(q), w3));
            s = _mm_add_ps(s, _mm_mul_ps(_mm_loadu_ps(q + C), w4));
            s = _mm_add_ps(s, _mm_mul_ps(_mm_loadu_ps(q + 2 * C), w5));
            s = _mm_add_ps(s, _mm_mul_ps(_mm_loadu_ps(r), w6));
            s = _mm_add_ps(s, _mm_mul_ps(_mm_loadu_ps(r + C), w7));
            s = _mm_add_ps(s, _mm_mul_ps(_mm_loadu_ps(r + 2 * C), w8));
            if (relu) s = _mm_max_ps(s, zero);
            _mm_storeu_ps(o, s);
        }
    }
}

// Eight channels at a time; returns the first channel it did not cover.
__attribute__((target("avx")))
static int run_avx(const float *top, ptrdiff_t rs, ptrdiff_t step, int channels,
                   const float *w, const float *bias, float *out, int count, int relu) {
    const ptrdiff_t C = channels;
    int c = 0;
    for (; c + 8 <= channels; c += 8) {
        const __m256 w0 = _mm256_loadu_ps(w + c), w1 = _mm256_loadu_ps(w + C + c), w2 = _mm256_loadu_ps(w + 2 * C + c);
        const __m256 w3 = _mm256_loadu_ps(w + 3 * C + c), w4 = _mm256_loadu_ps(w + 4 * C + c), w5 = _mm256_loadu_ps(w + 5 * C + c);
        const __m256 w6 = _mm256_loadu_ps(w + 6 * C + c), w7 = _mm256_loadu_ps(w + 7 * C + c), w8 = _mm256_loadu_ps(w + 8 * C + c);
        const __m256 b = _mm256_loadu_ps(bias + c), zero = _mm256_setzero_ps();
        const float *p = top + c;
        float *o = out + c;
        for (int x = 0; x < count; x++, p += step, o += C) {
            const float *q = p + rs, *r = q + rs;
            __m256 s = b;
            s = _mm256_add_ps(s, _mm256_mul_ps(_mm256_loadu_ps(p), w0));
            s = _mm256_add_ps(s, _mm256_mul_ps(_mm256_loadu_ps(p + C), w1));
            s = _mm256_add_ps(s, _mm256_mul_ps(_mm256_loadu_ps(p + 2 * C), w2));
            s = _mm256_add_ps(s, _mm256_mul_ps(_mm256_loadu_ps(q), w3));
            s = _mm256_add_ps(s, _mm256_mul_ps(_mm256_loadu_ps(q + C), w4));
            s = _mm256_add_ps(s, _mm256_mul_ps(_mm256_loadu_ps(q + 2 * C), w5));
            s = _mm256_add_ps(s, _mm256_mul_ps(_mm256_loadu_ps(r), w6));
            s = _mm256_add_ps(s, _mm256_mul_ps(_mm256_loadu_ps(r + C), w7));
            s = _mm256_add_ps(s, _mm256_mul_ps(_mm256_loadu_ps(r + 2 * C), w8));
            if (relu) s = _mm256_max_ps(s, zero);
            _mm256_storeu_ps(o, s);
        }
    }
    return c;
}

// Channels innermost, two pixels per step sharing each weight load: every window is read as contiguous runs of
// channels. Faster than run_avx for wide maps (64 channels and more) and for stride 2, slower for narrow ones
// (measured on BlazeFace's shapes). Same sums, in the same order, as run_avx.
__attribute__((target("avx")))
static int run_avx_pixels(const float *top, ptrdiff_t rs, ptrdiff_t step, int channels,
                          const float *w, const float *bias, float *out, int count, int relu) {
    const ptrdiff_t C = channels;
    const int blocks = channels / 8 * 8;
    const __m256 zero = _mm256_setzero_ps();
    int x = 0;
    for (; x + 2 <= count; x += 2) {
        const float *p = top + x * step, *q = p + step;
        float *o = out + x * C;
        for (int c = 0; c < blocks; c += 8) {
            __m256 s0 = _mm256_loadu_ps(bias + c), s1 = s0;
            for (int ky = 0; ky < 3; ky++) {
                const float *pr = p + ky * rs + c, *qr = q + ky * rs + c;
                const float *wr = w + ky * 3 * C + c;
                for (int kx = 0; kx < 3; kx++) {
                    const __m256 wv = _mm256_loadu_ps(wr + kx * C);
                    s0 = _mm256_add_ps(s0, _mm256_mul_ps(_mm256_loadu_ps(pr + kx * C), wv));
                    s1 = _mm256_add_ps(s1, _mm256_mul_ps(_mm256_loadu_ps(qr + kx * C), wv));
                }
            }
            if (relu) { s0 = _mm256_max_ps(s0, zero); s1 = _mm256_max_ps(s1, zero); }
            _mm256_storeu_ps(o + c, s0);
            _mm256_storeu_ps(o + C + c, s1);
        }
    }
    if (x < count) run_avx(top + x * step, rs, step, channels, w, bias, out + x * C, count - x, relu);
    return blocks;
}

static void run_scalar(const float *top, ptrdiff_t rs, ptrdiff_t step, int channels, int c0,
                       const float *w, const float *bias, float *out, int count, int relu) {
    const ptrdiff_t C = channels;
    for (int x = 0; x < count; x++) {
        const float *p = top + x * step;
        for (int c = c0; c < channels; c++) {
            float s = bias[c];
            for (int ky = 0; ky < 3; ky++) {
                for (int kx = 0; kx < 3; kx++) {
                    float product = p[ky * rs + kx * C + c] * w[(ky * 3 + kx) * C + c];
                    s = s + product;
                }
            }
            out[x * C + c] = relu && s < 0 ? 0 : s;
        }
    }
}

void mmv_depthwise3x3_run(const float *top, ptrdiff_t row_stride, ptrdiff_t step, int channels,
                          const float *weights, const float *bias, float *out, int count, int relu) {
    __builtin_cpu_init();
    int c = 0;
    if (__builtin_cpu_supports("avx")) {
        c = channels >= 64 || step > channels ? run_avx_pixels(top, row_stride, step, channels, weights, bias, out, count, relu)
                                              : run_avx(top, row_stride, step, channels, weights, bias, out, count, relu);
    }
    int vector_end = c + (channels - c) / 4 * 4;
    run_sse(top, row_stride, step, channels, c, vector_end, weights, bias, out, count, relu);
    if (vector_end < channels) run_scalar(top, row_stride, step, channels, vector_end, weights, bias, out, count, relu);
}
