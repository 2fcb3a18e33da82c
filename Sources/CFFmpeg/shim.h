#include <errno.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>

// Function-like macros Swift cannot import, as functions.
static inline int mm_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int mm_averror_eof(void) { return AVERROR_EOF; }
static inline int mm_averror_enomem(void) { return AVERROR(ENOMEM); }
static inline int64_t mm_av_nopts_value(void) { return AV_NOPTS_VALUE; }

// A demuxer that names another file (HLS, concat, image sequences) would open it through
// io_open. Videos arrive as bytes in memory; nothing else may be read, so every nested open fails.
static int mm_io_open_denied(struct AVFormatContext *s, AVIOContext **pb, const char *url, int flags, AVDictionary **options) {
    (void)s; (void)pb; (void)url; (void)flags; (void)options;
    return AVERROR(EPERM);
}
static inline void mm_forbid_nested_io(AVFormatContext *context) { context->io_open = mm_io_open_denied; }

// Grayscale at the frame's own size, reusing `cached` when the frame's geometry is unchanged.
static inline struct SwsContext *mm_gray_context(struct SwsContext *cached, const AVFrame *frame) {
    return sws_getCachedContext(cached, frame->width, frame->height, (enum AVPixelFormat)frame->format,
                                frame->width, frame->height, AV_PIX_FMT_GRAY8, SWS_POINT, NULL, NULL, NULL);
}
static inline int mm_scale_to_gray(struct SwsContext *context, const AVFrame *frame, uint8_t *destination, int stride) {
    uint8_t *planes[4] = { destination, NULL, NULL, NULL };
    int strides[4] = { stride, 0, 0, 0 };
    return sws_scale(context, (const uint8_t *const *)frame->data, frame->linesize, 0, frame->height, planes, strides);
}
