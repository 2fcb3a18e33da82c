#ifndef MOODMUSIC_VISION_KERNELS_H
#define MOODMUSIC_VISION_KERNELS_H

#include <stddef.h>

/// One run of `count` output pixels of a 3 x 3 depthwise convolution (depth multiplier 1, NHWC floats) whose
/// windows all lie inside the input. `top` points at the top-left tap of the first pixel's window, `row_stride`
/// is the input row length in floats, `step` the distance in floats between consecutive windows (stride x
/// channels). `weights` is (3, 3, channels), `bias` per channel. out[x][c] = bias[c] + the nine products summed
/// in row-major tap order, with separate multiply and add (no fused multiply-add), then clamped at zero when
/// `relu` is non-zero: the same floats as the scalar definition on every CPU. Uses AVX when the CPU has it.
void mmv_depthwise3x3_run(const float *top, ptrdiff_t row_stride, ptrdiff_t step, int channels,
                          const float *weights, const float *bias, float *out, int count, int relu);

/// Non-zero when this CPU has AVX2 and FMA (what `mmv_conv_few_channels` needs).
int mmv_has_avx2_fma(void);

/// A direct convolution for inputs with few channels (an image: BlazeFace's first layer, the emotion CNN's first
/// layers), NHWC floats, one image: out[oy][ox][f] = bias[f] + sum over taps inside the input of
/// in[y][x][c] * weights[ky][kx][c][f] in (ky, kx, c) order, accumulated with fused multiply-adds, then clamped at
/// zero when `relu` is non-zero. `filters` must be a multiple of 8; call only when `mmv_has_avx2_fma()`. Padding
/// taps are skipped.
void mmv_conv_few_channels(const float *input, int height, int width, int channels,
                           int kernel_height, int kernel_width, int stride_y, int stride_x, int pad_top, int pad_left,
                           const float *weights, const float *bias, int filters,
                           float *out, int out_height, int out_width, int relu);

/// Floats `mmv_pointwise_pack` writes for a 1 x 1 convolution of `inputs` into `outputs` channels: the bias and the
/// weights, each padded with zero columns to a multiple of 8 outputs.
ptrdiff_t mmv_pointwise_packed_count(int inputs, int outputs);

/// Packs a 1 x 1 convolution (an inputs x outputs weight matrix, row-major, and `outputs` biases) once, at load time,
/// for `mmv_pointwise_conv`: the padded bias, then panels of 16 columns (the last one 8 when the padded width is an
/// odd multiple of 8), each `inputs` rows of its columns, so a tile reads its weights as one sequential stream.
/// `packed` must start on a 32-byte boundary.
void mmv_pointwise_pack(const float *weights, const float *bias, int inputs, int outputs, float *packed);

/// A 1 x 1 convolution: out[p][j] = bias[j] + sum over i of in[p][i] * weights[i][j], in order of i, with fused
/// multiply-adds, for `pixels` rows of `inputs` floats into `outputs` columns (any number), then clamped at zero when
/// `relu` is non-zero; 4 pixels x 16 filters in registers. With a `residual` (`residual_channels` floats per pixel,
/// a multiple of 8 and at most `outputs`), residual[p][j] is added to the first residual_channels columns after the
/// sum and before the clamp: a residual ADD run inside the convolution. `packed` comes from `mmv_pointwise_pack`.
/// Call only when `mmv_has_avx2_fma()`.
void mmv_pointwise_conv(const float *input, ptrdiff_t pixels, int inputs, const float *packed, int outputs, float *out,
                        int relu, const float *residual, int residual_channels);

/// Max pooling, NHWC floats, one image: out[oy][ox][c] = the largest in[y][x][c] over the window's positions inside
/// the input (positions in the padding are skipped, as TensorFlow's −∞ padding does), starting from −∞ and taking
/// a value only when it is greater, so a NaN never replaces a number. AVX when the CPU has it.
void mmv_max_pool(const float *input, int height, int width, int channels, int window_height, int window_width,
                  int stride_y, int stride_x, int pad_top, int pad_left, float *out, int out_height, int out_width);

/// One source row of the letterbox's horizontal pass (LetterboxResampler.swift): converts `width` RGB bytes into
/// `line` as RGB0 floats (4 per pixel; `line` has zeroed margins of at least `taps` pixels on both sides), then for
/// each output pixel j in [j0, j1) sums line[first[j] - offset_x + t] * weights[j * taps + t] over t in order from
/// +0, with separate multiply and add, and rounds it to a byte value; out (RGB0, `size` pixels) is zero outside
/// [j0, j1). The same floats as the Swift definition.
void mmv_letterbox_row(const unsigned char *rgb, int width, float *line, const ptrdiff_t *first, const float *weights,
                       int taps, int offset_x, int j0, int j1, int size, float *out);

/// LetterboxResampler.roundedToByte on four floats, as the two letterbox kernels round.
void mmv_rounded_to_byte4(const float *in, float *out);

/// One output row of the letterbox's vertical pass: for each of `size` pixels, sums rows[t][j] * weights[t] over the
/// `taps` consecutive RGB0 rows starting at `rows` (each `size` pixels), rounds it to a byte value, scales it to
/// x * 2/255 - 1 and writes the three channels to `out`.
void mmv_letterbox_column(const float *rows, int size, const float *weights, int taps, float *out);

#endif
