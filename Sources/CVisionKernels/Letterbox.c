#include "VisionKernels.h"

#include <immintrin.h>

// LetterboxResampler.roundedToByte on four lanes: clamp to [0, 256], round half to even with 2^23, send ties up,
// then clamp at 255. The sums are never NaN (finite weights and bytes), so max and min are the Swift compares.
static inline __m128 rounded_to_byte(__m128 v) {
    const __m128 magic = _mm_set1_ps(8388608.0f);
    v = _mm_min_ps(_mm_max_ps(v, _mm_setzero_ps()), _mm_set1_ps(256.0f));
    __m128 rounded = _mm_sub_ps(_mm_add_ps(v, magic), magic);
    const __m128 tie = _mm_cmpeq_ps(_mm_sub_ps(v, rounded), _mm_set1_ps(0.5f));
    rounded = _mm_add_ps(rounded, _mm_and_ps(tie, _mm_set1_ps(1.0f)));
    return _mm_min_ps(rounded, _mm_set1_ps(255.0f));
}

static int has_ssse3(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("ssse3");
}

// RGB bytes to RGB0 floats, four pixels per step, while a 16-byte load stays inside the row; returns the pixels done.
__attribute__((target("ssse3")))
static int widen_rgb_ssse3(const unsigned char *rgb, int width, float *line) {
    const __m128i spread0 = _mm_setr_epi8(0, -1, -1, -1, 1, -1, -1, -1, 2, -1, -1, -1, -1, -1, -1, -1);
    const __m128i spread1 = _mm_setr_epi8(3, -1, -1, -1, 4, -1, -1, -1, 5, -1, -1, -1, -1, -1, -1, -1);
    const __m128i spread2 = _mm_setr_epi8(6, -1, -1, -1, 7, -1, -1, -1, 8, -1, -1, -1, -1, -1, -1, -1);
    const __m128i spread3 = _mm_setr_epi8(9, -1, -1, -1, 10, -1, -1, -1, 11, -1, -1, -1, -1, -1, -1, -1);
    int x = 0;
    for (; x + 6 <= width; x += 4) {
        const __m128i bytes = _mm_loadu_si128((const __m128i *)(rgb + 3 * (ptrdiff_t)x));
        float *out = line + 4 * (ptrdiff_t)x;
        _mm_storeu_ps(out, _mm_cvtepi32_ps(_mm_shuffle_epi8(bytes, spread0)));
        _mm_storeu_ps(out + 4, _mm_cvtepi32_ps(_mm_shuffle_epi8(bytes, spread1)));
        _mm_storeu_ps(out + 8, _mm_cvtepi32_ps(_mm_shuffle_epi8(bytes, spread2)));
        _mm_storeu_ps(out + 12, _mm_cvtepi32_ps(_mm_shuffle_epi8(bytes, spread3)));
    }
    return x;
}

void mmv_rounded_to_byte4(const float *in, float *out) { _mm_storeu_ps(out, rounded_to_byte(_mm_loadu_ps(in))); }

void mmv_letterbox_row(const unsigned char *rgb, int width, float *line, const ptrdiff_t *first, const float *weights,
                       int taps, int offset_x, int j0, int j1, int size, float *out) {
    int x = 0;
    if (has_ssse3()) x = widen_rgb_ssse3(rgb, width, line);
    for (; x < width; x++) {
        line[4 * x] = (float)rgb[3 * x];
        line[4 * x + 1] = (float)rgb[3 * x + 1];
        line[4 * x + 2] = (float)rgb[3 * x + 2];
        line[4 * x + 3] = 0;
    }
    for (int j = 0; j < j0; j++) _mm_storeu_ps(out + 4 * j, _mm_setzero_ps());
    // Four outputs at a time, so that four independent add chains hide the adds' latency. Each output still sums
    // its products with separate multiply and add, in tap order from +0: the floats of the Swift definition.
    int j = j0;
    for (; j + 4 <= j1; j += 4) {
        const float *w0 = line + 4 * (ptrdiff_t)(first[j] - offset_x), *w1 = line + 4 * (ptrdiff_t)(first[j + 1] - offset_x);
        const float *w2 = line + 4 * (ptrdiff_t)(first[j + 2] - offset_x), *w3 = line + 4 * (ptrdiff_t)(first[j + 3] - offset_x);
        const float *k = weights + (ptrdiff_t)j * taps;
        __m128 s0 = _mm_setzero_ps(), s1 = _mm_setzero_ps(), s2 = _mm_setzero_ps(), s3 = _mm_setzero_ps();
        for (int t = 0; t < taps; t++) {
            s0 = _mm_add_ps(s0, _mm_mul_ps(_mm_loadu_ps(w0 + 4 * t), _mm_set1_ps(k[t])));
            s1 = _mm_add_ps(s1, _mm_mul_ps(_mm_loadu_ps(w1 + 4 * t), _mm_set1_ps(k[taps + t])));
            s2 = _mm_add_ps(s2, _mm_mul_ps(_mm_loadu_ps(w2 + 4 * t), _mm_set1_ps(k[2 * taps + t])));
            s3 = _mm_add_ps(s3, _mm_mul_ps(_mm_loadu_ps(w3 + 4 * t), _mm_set1_ps(k[3 * taps + t])));
        }
        _mm_storeu_ps(out + 4 * j, rounded_to_byte(s0));
        _mm_storeu_ps(out + 4 * j + 4, rounded_to_byte(s1));
        _mm_storeu_ps(out + 4 * j + 8, rounded_to_byte(s2));
        _mm_storeu_ps(out + 4 * j + 12, rounded_to_byte(s3));
    }
    for (; j < j1; j++) {
        const float *window = line + 4 * (ptrdiff_t)(first[j] - offset_x);
        const float *w = weights + (ptrdiff_t)j * taps;
        __m128 sum = _mm_setzero_ps();
        for (int t = 0; t < taps; t++) sum = _mm_add_ps(sum, _mm_mul_ps(_mm_loadu_ps(window + 4 * t), _mm_set1_ps(w[t])));
        _mm_storeu_ps(out + 4 * j, rounded_to_byte(sum));
    }
    for (int j = j1; j < size; j++) _mm_storeu_ps(out + 4 * j, _mm_setzero_ps());
}

static inline void store_rgb(__m128 sum, __m128 scale, __m128 one, float *out) {
    float value[4];
    _mm_storeu_ps(value, _mm_sub_ps(_mm_mul_ps(rounded_to_byte(sum), scale), one));
    out[0] = value[0];
    out[1] = value[1];
    out[2] = value[2];
}

void mmv_letterbox_column(const float *rows, int size, const float *weights, int taps, float *out) {
    const __m128 scale = _mm_set1_ps(2.0f / 255.0f), one = _mm_set1_ps(1.0f);
    const ptrdiff_t row = 4 * (ptrdiff_t)size;
    int j = 0;
    for (; j + 4 <= size; j += 4) {
        const float *source = rows + 4 * (ptrdiff_t)j;
        __m128 s0 = _mm_setzero_ps(), s1 = _mm_setzero_ps(), s2 = _mm_setzero_ps(), s3 = _mm_setzero_ps();
        for (int t = 0; t < taps; t++) {
            const __m128 w = _mm_set1_ps(weights[t]);
            const float *r = source + t * row;
            s0 = _mm_add_ps(s0, _mm_mul_ps(_mm_loadu_ps(r), w));
            s1 = _mm_add_ps(s1, _mm_mul_ps(_mm_loadu_ps(r + 4), w));
            s2 = _mm_add_ps(s2, _mm_mul_ps(_mm_loadu_ps(r + 8), w));
            s3 = _mm_add_ps(s3, _mm_mul_ps(_mm_loadu_ps(r + 12), w));
        }
        store_rgb(s0, scale, one, out + 3 * j);
        store_rgb(s1, scale, one, out + 3 * j + 3);
        store_rgb(s2, scale, one, out + 3 * j + 6);
        store_rgb(s3, scale, one, out + 3 * j + 9);
    }
    for (; j < size; j++) {
        const float *source = rows + 4 * (ptrdiff_t)j;
        __m128 sum = _mm_setzero_ps();
        for (int t = 0; t < taps; t++) sum = _mm_add_ps(sum, _mm_mul_ps(_mm_loadu_ps(source + t * row), _mm_set1_ps(weights[t])));
        store_rgb(sum, scale, one, out + 3 * j);
    }
}
