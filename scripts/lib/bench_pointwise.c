// Harness for scripts/bench-pointwise: mmv_pointwise_conv (weights packed at load time) vs bias rows + cblas_sgemm
// on BlazeFace's 1×1 shapes.
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "VisionKernels.h"

static double micros(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static void sgemm_with_bias(const float *in, int pixels, int k, const float *w, const float *bias, int n, float *out) {
    for (int p = 0; p < pixels; p++) {
        for (int j = 0; j < n; j++) out[(size_t)p * n + j] = bias[j];
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, pixels, n, k, 1, in, k, w, n, 1, out, n);
    for (size_t i = 0; i < (size_t)pixels * n; i++) out[i] = out[i] > 0 ? out[i] : 0;
}

int main(int argc, char **argv) {
    const int runs = argc > 1 ? atoi(argv[1]) : 300;
    if (!mmv_has_avx2_fma()) {
        printf("no AVX2/FMA on this CPU: the kernel is never used\n");
        return 0;
    }
    // pixels, inputs, filters: the full-range network's 1×1 shapes.
    static const int shapes[][3] = {
        {36, 96, 384},   {36, 384, 96},   {36, 256, 96},  {144, 256, 96}, {144, 64, 256}, {144, 48, 192},
        {144, 36, 144},  {144, 144, 48},  {144, 192, 64}, {144, 96, 64},  {144, 128, 36}, {576, 128, 64},
        {576, 64, 24},   {576, 96, 32},   {576, 32, 128}, {2304, 64, 48}, {2304, 24, 48}, {2304, 32, 12},
        {2304, 48, 12},  {2304, 48, 16},  {9216, 32, 8},  {9216, 8, 32}};
    printf("%6s %4s %4s %12s %12s %8s\n", "pixels", "K", "N", "kernel us", "sgemm us", "ratio");
    double total_kernel = 0, total_sgemm = 0;
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        const int pixels = shapes[s][0], k = shapes[s][1], n = shapes[s][2];
        float *in = malloc(sizeof(float) * pixels * k), *w = malloc(sizeof(float) * k * n), *bias = malloc(sizeof(float) * n);
        float *a = malloc(sizeof(float) * pixels * n), *b = malloc(sizeof(float) * pixels * n);
        for (int i = 0; i < pixels * k; i++) in[i] = cosf(i * 0.13f);
        for (int i = 0; i < k * n; i++) w[i] = sinf(i * 0.31f) * 0.1f;
        for (int i = 0; i < n; i++) bias[i] = i * 0.02f - 0.2f;
        float *packed = aligned_alloc(64, (sizeof(float) * mmv_pointwise_packed_count(k, n) + 63) / 64 * 64);
        mmv_pointwise_pack(w, bias, k, n, packed);
        double best_kernel = 1e30, best_sgemm = 1e30;
        for (int r = 0; r < runs; r++) {
            const double t0 = micros();
            mmv_pointwise_conv(in, pixels, k, packed, n, a, 1, 0, 0);
            const double t1 = micros();
            sgemm_with_bias(in, pixels, k, w, bias, n, b);
            const double t2 = micros();
            if (t1 - t0 < best_kernel) best_kernel = t1 - t0;
            if (t2 - t1 < best_sgemm) best_sgemm = t2 - t1;
        }
        for (int i = 0; i < pixels * n; i++) {
            if (fabsf(a[i] - b[i]) > 1e-5f * fmaxf(1, fabsf(b[i]))) {
                printf("mismatch at %d: %g vs %g\n", i, a[i], b[i]);
                return 1;
            }
        }
        printf("%6d %4d %4d %12.1f %12.1f %7.2fx\n", pixels, k, n, best_kernel, best_sgemm, best_sgemm / best_kernel);
        total_kernel += best_kernel;
        total_sgemm += best_sgemm;
        free(in); free(w); free(packed); free(bias); free(a); free(b);
    }
    printf("sum of bests: kernel %.1f us, sgemm %.1f us (%.2fx)\n", total_kernel, total_sgemm, total_sgemm / total_kernel);
    return 0;
}
