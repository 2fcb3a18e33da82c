/*
 * The floors moodmusic's gateway is measured against.
 *   server ENDPOINT              a ROUTER that sends every message back (one hop, no broker)
 *   proxy FRONTEND BACKEND       zmq_proxy between a ROUTER (clients) and a DEALER (workers):
 *                                the same topology as the gateway, with no protocol at all
 *   worker BACKEND               a ROUTER connected to the proxy's DEALER, echoing back
 *   client ENDPOINT IN_FLIGHT SECONDS
 *                                keeps IN_FLIGHT 98-byte requests outstanding on one DEALER and
 *                                prints one JSON line: requests, seconds, rps, p50_ms, p99_ms
 *   mmclient ENDPOINT IN_FLIGHT SECONDS [mmc2|mmc1]
 *                                the same driver speaking moodmusic's client protocol (docs/protocol.md),
 *                                MMC2 unless told MMC1, to a gateway: Diagnostics/Echo with a 98-byte
 *                                payload, so the gateway and the proxy are measured with the same client
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Sends every multipart message straight back to where it came from. */
static int echo_loop(void *router) {
    for (;;) {
        zmq_msg_t part;
        int more;
        do {
            zmq_msg_init(&part);
            if (zmq_msg_recv(&part, router, 0) < 0) return 0;
            more = zmq_msg_more(&part);
            zmq_msg_send(&part, router, more ? ZMQ_SNDMORE : 0);
        } while (more);
    }
}

static void *echo_router(void *ctx) {
    void *router = zmq_socket(ctx, ZMQ_ROUTER);
    int hwm = 100000;
    zmq_setsockopt(router, ZMQ_SNDHWM, &hwm, sizeof hwm);
    zmq_setsockopt(router, ZMQ_RCVHWM, &hwm, sizeof hwm);
    return router;
}

static int serve(void *ctx, const char *endpoint) {
    void *router = echo_router(ctx);
    if (zmq_bind(router, endpoint) != 0) { perror("bind"); return 1; }
    return echo_loop(router);
}

static int proxy(void *ctx, const char *front_endpoint, const char *back_endpoint) {
    void *front = zmq_socket(ctx, ZMQ_ROUTER), *back = zmq_socket(ctx, ZMQ_DEALER);
    int hwm = 100000;
    zmq_setsockopt(front, ZMQ_SNDHWM, &hwm, sizeof hwm);
    zmq_setsockopt(front, ZMQ_RCVHWM, &hwm, sizeof hwm);
    zmq_setsockopt(back, ZMQ_SNDHWM, &hwm, sizeof hwm);
    zmq_setsockopt(back, ZMQ_RCVHWM, &hwm, sizeof hwm);
    if (zmq_bind(front, front_endpoint) != 0 || zmq_bind(back, back_endpoint) != 0) { perror("bind"); return 1; }
    zmq_proxy(front, back, NULL);
    return 0;
}

static int echo_worker(void *ctx, const char *endpoint) {
    void *router = echo_router(ctx);
    if (zmq_connect(router, endpoint) != 0) { perror("connect"); return 1; }
    return echo_loop(router);
}

static int drive(void *ctx, const char *endpoint, int in_flight, double seconds) {
    void *dealer = zmq_socket(ctx, ZMQ_DEALER);
    int hwm = 100000;
    zmq_setsockopt(dealer, ZMQ_SNDHWM, &hwm, sizeof hwm);
    zmq_setsockopt(dealer, ZMQ_RCVHWM, &hwm, sizeof hwm);
    if (zmq_connect(dealer, endpoint) != 0) { perror("connect"); return 1; }
    char payload[98];
    memset(payload, 'a', sizeof payload);
    size_t cap = 1 << 20, n = 0;
    uint64_t *lat = malloc(cap * sizeof *lat);
    uint64_t warm_end = now_ns() + 1000000000ull; /* one second not counted */
    uint64_t end = warm_end + (uint64_t)(seconds * 1e9);
    for (int i = 0; i < in_flight; i++) {
        uint64_t t = now_ns();
        memcpy(payload, &t, sizeof t);
        zmq_send(dealer, payload, sizeof payload, 0);
    }
    uint64_t measured_start = 0;
    int outstanding = in_flight;
    while (outstanding > 0) {
        char reply[128];
        int size = zmq_recv(dealer, reply, sizeof reply, 0);
        if (size < 8) return 1;
        uint64_t sent, t = now_ns();
        memcpy(&sent, reply, sizeof sent);
        outstanding--;
        if (sent >= warm_end) {
            if (!measured_start) measured_start = warm_end;
            if (n == cap) { cap *= 2; lat = realloc(lat, cap * sizeof *lat); }
            lat[n++] = t - sent;
        }
        if (t < end) {
            memcpy(payload, &t, sizeof t);
            zmq_send(dealer, payload, sizeof payload, 0);
            outstanding++;
        }
    }
    qsort(lat, n, sizeof *lat, cmp_u64);
    double elapsed = (double)(end - warm_end) / 1e9;
    printf("{\"requests\": %zu, \"seconds\": %.3f, \"rps\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f}\n", n, elapsed,
           n / elapsed, n ? lat[n / 2] / 1e6 : 0.0, n ? lat[(size_t)(n * 0.99)] / 1e6 : 0.0);
    free(lat);
    zmq_close(dealer);
    return 0;
}

/* Protobuf varint, enough for the two header fields this client writes and reads. */
static size_t put_varint(unsigned char *out, uint64_t v) {
    size_t n = 0;
    while (v >= 0x80) { out[n++] = (unsigned char)(v | 0x80); v >>= 7; }
    out[n++] = (unsigned char)v;
    return n;
}

static int get_varint(const unsigned char *p, size_t size, size_t *at, uint64_t *value) {
    uint64_t v = 0;
    for (unsigned shift = 0; *at < size && shift < 64; shift += 7) {
        unsigned char b = p[(*at)++];
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) { *value = v; return 0; }
    }
    return -1;
}

/* request_id (field 1, which the sender set to its send time) and code (field 2) of a
 * ResponseHeader; other fields are skipped. */
static int read_response_header(const unsigned char *p, size_t size, uint64_t *id, uint64_t *code) {
    size_t at = 0;
    *code = 0;
    while (at < size) {
        uint64_t key, value;
        if (get_varint(p, size, &at, &key) != 0) return -1;
        if ((key & 7) == 0) {
            if (get_varint(p, size, &at, &value) != 0) return -1;
            if (key >> 3 == 1) *id = value;
            if (key >> 3 == 2) *code = value;
        } else if ((key & 7) == 2) {
            if (get_varint(p, size, &at, &value) != 0 || value > size - at) return -1;
            at += value;
        } else {
            return -1;
        }
    }
    return 0;
}

static int use_mmc1 = 0;

static void mm_send(void *dealer, uint64_t sent, const unsigned char *request, size_t request_size) {
    static const char method[] = "/moodmusic.v1.Diagnostics/Echo";
    unsigned char header[24];
    size_t h = 0;
    header[h++] = 0x08; h += put_varint(header + h, sent);       /* request_id = send time */
    header[h++] = 0x10; h += put_varint(header + h, 5000);       /* timeout_ms */
    if (!use_mmc1) {
        /* "MMC2", method length (2 bytes LE), method, RequestHeader; then the payload */
        unsigned char command[6 + sizeof method + sizeof header];
        size_t m = sizeof method - 1;
        memcpy(command, "MMC2", 4);
        command[4] = (unsigned char)m; command[5] = (unsigned char)(m >> 8);
        memcpy(command + 6, method, m);
        memcpy(command + 6 + m, header, h);
        zmq_send(dealer, command, 6 + m + h, ZMQ_SNDMORE);
        zmq_send(dealer, request, request_size, 0);
        return;
    }
    zmq_send(dealer, "", 0, ZMQ_SNDMORE);
    zmq_send(dealer, "MMC1", 4, ZMQ_SNDMORE);
    zmq_send(dealer, method, sizeof method - 1, ZMQ_SNDMORE);
    zmq_send(dealer, header, h, ZMQ_SNDMORE);
    zmq_send(dealer, request, request_size, 0);
}

static int drive_moodmusic(void *ctx, const char *endpoint, int in_flight, double seconds) {
    void *dealer = zmq_socket(ctx, ZMQ_DEALER);
    int hwm = 100000;
    zmq_setsockopt(dealer, ZMQ_SNDHWM, &hwm, sizeof hwm);
    zmq_setsockopt(dealer, ZMQ_RCVHWM, &hwm, sizeof hwm);
    if (zmq_connect(dealer, endpoint) != 0) { perror("connect"); return 1; }
    unsigned char request[100];                                    /* EchoRequest{payload: 98 x 'a'} */
    request[0] = 0x0a; request[1] = 98;
    memset(request + 2, 'a', 98);
    size_t cap = 1 << 20, n = 0, failed = 0;
    uint64_t *lat = malloc(cap * sizeof *lat);
    uint64_t warm_end = now_ns() + 1000000000ull;
    uint64_t end = warm_end + (uint64_t)(seconds * 1e9);
    for (int i = 0; i < in_flight; i++) mm_send(dealer, now_ns() + (uint64_t)i, request, sizeof request);
    int outstanding = in_flight;
    while (outstanding > 0) {
        /* MMC2: "MMC2" + ResponseHeader, payload; MMC1: empty, MMC1, ResponseHeader, payload */
        unsigned char frames[4][256];
        int sizes[4], count = 0, more = 1;
        while (more) {
            int size = zmq_recv(dealer, count < 4 ? frames[count] : frames[3], 256, 0);
            if (size < 0) return 1;
            if (count < 4) sizes[count] = size;
            count++;
            size_t len = sizeof more;
            zmq_getsockopt(dealer, ZMQ_RCVMORE, &more, &len);
        }
        uint64_t sent = 0, code, t = now_ns();
        int bad = use_mmc1 ? count != 4 || sizes[2] > 256 || read_response_header(frames[2], (size_t)sizes[2], &sent, &code) != 0
                           : count != 2 || sizes[0] < 4 || sizes[0] > 256 || memcmp(frames[0], "MMC2", 4) != 0
                             || read_response_header(frames[0] + 4, (size_t)sizes[0] - 4, &sent, &code) != 0;
        if (bad) {
            fprintf(stderr, "mmclient: unexpected reply (%d frames)\n", count);
            return 1;
        }
        if (code != 0) failed++;
        outstanding--;
        if (sent >= warm_end) {
            if (n == cap) { cap *= 2; lat = realloc(lat, cap * sizeof *lat); }
            lat[n++] = t - sent;
        }
        if (t < end) {
            mm_send(dealer, t, request, sizeof request);
            outstanding++;
        }
    }
    qsort(lat, n, sizeof *lat, cmp_u64);
    double elapsed = (double)(end - warm_end) / 1e9;
    printf("{\"requests\": %zu, \"failed\": %zu, \"seconds\": %.3f, \"rps\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f}\n", n, failed,
           elapsed, n / elapsed, n ? lat[n / 2] / 1e6 : 0.0, n ? lat[(size_t)(n * 0.99)] / 1e6 : 0.0);
    free(lat);
    zmq_close(dealer);
    return 0;
}

int main(int argc, char **argv) {
    void *ctx = zmq_ctx_new();
    if (argc == 3 && strcmp(argv[1], "server") == 0) return serve(ctx, argv[2]);
    if (argc == 4 && strcmp(argv[1], "proxy") == 0) return proxy(ctx, argv[2], argv[3]);
    if (argc == 3 && strcmp(argv[1], "worker") == 0) return echo_worker(ctx, argv[2]);
    if (argc == 5 && strcmp(argv[1], "client") == 0) return drive(ctx, argv[2], atoi(argv[3]), atof(argv[4]));
    if ((argc == 5 || argc == 6) && strcmp(argv[1], "mmclient") == 0) {
        use_mmc1 = argc == 6 && strcmp(argv[5], "mmc1") == 0;
        return drive_moodmusic(ctx, argv[2], atoi(argv[3]), atof(argv[4]));
    }
    fprintf(stderr, "usage: %s server ENDPOINT | proxy FRONTEND BACKEND | worker BACKEND | client ENDPOINT IN_FLIGHT SECONDS"
            " | mmclient ENDPOINT IN_FLIGHT SECONDS [mmc2|mmc1]\n", argv[0]);
    return 2;
}
