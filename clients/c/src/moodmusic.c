/* libmoodmusic: the MMC1 client protocol over a ZeroMQ DEALER socket (see moodmusic.h). */
#include "moodmusic.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <zmq.h>

#define PROTOCOL_ID "MMC1"
#define PROTOCOL_ID_LEN 4
/* The most frames a response is read with; a longer message is drained and dropped. */
#define MAX_FRAMES 8

struct mm_client {
    void *context;
    void *socket;
    char *endpoint;
    uint64_t next_request_id;
    uint32_t default_timeout_ms;
    int wait_for_ready;
};

static const char *const code_names[] = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
};

static const char *const emotion_names[] = {
    "unspecified", "angry", "disgust", "fear", "happy", "sad", "surprise", "neutral",
};

const char *mm_code_name(int code)
{
    if (code < 0 || (size_t)code >= sizeof code_names / sizeof code_names[0])
        return "UNKNOWN";
    return code_names[code];
}

const char *mm_emotion_name(int emotion)
{
    if (emotion < 0 || (size_t)emotion >= sizeof emotion_names / sizeof emotion_names[0])
        return emotion_names[0];
    return emotion_names[emotion];
}

const char *mm_probability_name(size_t index)
{
    return index < 7 ? emotion_names[index + 1] : NULL;
}

const char *mm_serving_status_name(int serving_status)
{
    switch (serving_status) {
    case MOODMUSIC__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING:
        return "SERVING";
    case MOODMUSIC__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__NOT_SERVING:
        return "NOT_SERVING";
    case MOODMUSIC__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVICE_UNKNOWN:
        return "SERVICE_UNKNOWN";
    default:
        return "UNKNOWN";
    }
}

mm_code mm_status_set(mm_status *status, mm_code code, const char *format, ...)
{
    if (status == NULL)
        return code;
    status->code = code;
    va_list args;
    va_start(args, format);
    vsnprintf(status->message, sizeof status->message, format, args);
    va_end(args);
    return code;
}

static mm_code status_ok(mm_status *status)
{
    if (status != NULL) {
        status->code = MM_OK;
        status->message[0] = '\0';
    }
    return MM_OK;
}

/* Milliseconds on a clock that never jumps. */
static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char *duplicate(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy != NULL)
        memcpy(copy, s, n);
    return copy;
}

/* Reads the 40-character Z85 key on the line "NAME <key>" of a key file into out (41 bytes). */
static mm_code read_key(const char *path, const char *name, char out[41], mm_status *status)
{
    FILE *file = fopen(path, "r");
    if (file == NULL)
        return mm_status_set(status, MM_INVALID_ARGUMENT, "cannot open key file %s: %s", path, strerror(errno));
    char line[256], field[32], key[128];
    mm_code code = mm_status_set(status, MM_INVALID_ARGUMENT, "%s has no '%s' line with a 40-character key", path, name);
    while (fgets(line, sizeof line, file) != NULL) {
        if (sscanf(line, "%31s %127s", field, key) == 2 && strcmp(field, name) == 0 && strlen(key) == 40) {
            memcpy(out, key, 41);
            code = status_ok(status);
            break;
        }
    }
    fclose(file);
    return code;
}

/* Sets the CURVE client options from a key-pair file and the gateway's public-key file. */
static mm_code configure_curve(void *socket, const char *key_pair_file, const char *gateway_key_file, mm_status *status)
{
    if (key_pair_file == NULL && gateway_key_file == NULL)
        return status_ok(status);
    if (key_pair_file == NULL || gateway_key_file == NULL)
        return mm_status_set(status, MM_INVALID_ARGUMENT,
                             "CURVE needs both a key-pair file and the gateway's public-key file");
    char public_key[41], secret_key[41], server_key[41];
    mm_code code;
    if ((code = read_key(key_pair_file, "public", public_key, status)) != MM_OK ||
        (code = read_key(key_pair_file, "secret", secret_key, status)) != MM_OK ||
        (code = read_key(gateway_key_file, "public", server_key, status)) != MM_OK)
        return code;
    int failed = zmq_setsockopt(socket, ZMQ_CURVE_SERVERKEY, server_key, 41) ||
                 zmq_setsockopt(socket, ZMQ_CURVE_PUBLICKEY, public_key, 41) ||
                 zmq_setsockopt(socket, ZMQ_CURVE_SECRETKEY, secret_key, 41);
    memset(secret_key, 0, sizeof secret_key);
    if (failed)
        return mm_status_set(status, MM_INTERNAL, "cannot set CURVE keys: %s", zmq_strerror(zmq_errno()));
    return status_ok(status);
}

mm_client *mm_connect(const char *endpoint, mm_status *status)
{
    const char *keys = getenv("MOODMUSIC_CURVE_KEYS"), *gateway_key = getenv("MOODMUSIC_GATEWAY_KEY");
    return mm_connect_curve(endpoint, keys && keys[0] ? keys : NULL, gateway_key && gateway_key[0] ? gateway_key : NULL, status);
}

mm_client *mm_connect_curve(const char *endpoint, const char *key_pair_file, const char *gateway_key_file, mm_status *status)
{
    if (endpoint == NULL || endpoint[0] == '\0') {
        endpoint = getenv("MOODMUSIC_GATEWAY");
        if (endpoint == NULL || endpoint[0] == '\0')
            endpoint = MM_DEFAULT_GATEWAY;
    }
    mm_client *client = calloc(1, sizeof *client);
    if (client == NULL || (client->endpoint = duplicate(endpoint)) == NULL) {
        free(client);
        mm_status_set(status, MM_RESOURCE_EXHAUSTED, "out of memory");
        return NULL;
    }
    client->next_request_id = 1;
    client->default_timeout_ms = MM_DEFAULT_TIMEOUT_MS;

    client->context = zmq_ctx_new();
    if (client->context == NULL) {
        mm_status_set(status, MM_INTERNAL, "zmq_ctx_new: %s", zmq_strerror(zmq_errno()));
        goto fail;
    }
    client->socket = zmq_socket(client->context, ZMQ_DEALER);
    if (client->socket == NULL) {
        mm_status_set(status, MM_INTERNAL, "zmq_socket: %s", zmq_strerror(zmq_errno()));
        goto fail;
    }
    int linger = 0;
    zmq_setsockopt(client->socket, ZMQ_LINGER, &linger, sizeof linger);
    if (configure_curve(client->socket, key_pair_file, gateway_key_file, status) != MM_OK)
        goto fail;
    if (zmq_connect(client->socket, endpoint) != 0) {
        int err = zmq_errno();
        mm_status_set(status, err == EINVAL || err == EPROTONOSUPPORT ? MM_INVALID_ARGUMENT : MM_INTERNAL,
                      "cannot connect to \"%s\": %s", endpoint, zmq_strerror(err));
        goto fail;
    }
    status_ok(status);
    return client;

fail:
    mm_close(client);
    return NULL;
}

void mm_close(mm_client *client)
{
    if (client == NULL)
        return;
    if (client->socket != NULL)
        zmq_close(client->socket);
    if (client->context != NULL) {
        while (zmq_ctx_term(client->context) != 0 && zmq_errno() == EINTR) {
        }
    }
    free(client->endpoint);
    free(client);
}

const char *mm_endpoint(const mm_client *client)
{
    return client->endpoint;
}

void mm_set_default_timeout(mm_client *client, uint32_t timeout_ms)
{
    client->default_timeout_ms = timeout_ms == 0 ? MM_DEFAULT_TIMEOUT_MS : timeout_ms;
}

void mm_set_wait_for_ready(mm_client *client, int wait_for_ready)
{
    client->wait_for_ready = wait_for_ready != 0;
}

/* How long after the deadline the client still waits for the gateway's own answer. */
static int64_t grace_ms(uint32_t timeout_ms)
{
    int64_t extra = (int64_t)timeout_ms / 20;
    return 500 + (extra > 2000 ? 2000 : extra);
}

/* Sends one frame, waiting at most until `give_up_at` for room in the socket's queue. */
static mm_code send_frame(mm_client *client, const void *data, size_t len, bool more, int64_t give_up_at,
                          mm_status *status)
{
    for (;;) {
        if (zmq_send(client->socket, data, len, ZMQ_DONTWAIT | (more ? ZMQ_SNDMORE : 0)) >= 0)
            return MM_OK;
        int err = zmq_errno();
        if (err == EINTR)
            continue;
        if (err != EAGAIN)
            return mm_status_set(status, MM_INTERNAL, "zmq_send: %s", zmq_strerror(err));
        int64_t left = give_up_at - now_ms();
        if (left <= 0)
            return mm_status_set(status, MM_UNAVAILABLE,
                                 "could not send to the gateway at %s: its queue stayed full", client->endpoint);
        zmq_pollitem_t item = {.socket = client->socket, .events = ZMQ_POLLOUT};
        if (zmq_poll(&item, 1, (long)left) < 0 && zmq_errno() != EINTR)
            return mm_status_set(status, MM_INTERNAL, "zmq_poll: %s", zmq_strerror(zmq_errno()));
    }
}

/* One received message: up to MAX_FRAMES frames (`count` says how many there were in all). */
typedef struct frames {
    zmq_msg_t part[MAX_FRAMES];
    size_t kept;
    size_t count;
} frames;

static void frames_close(frames *f)
{
    for (size_t i = 0; i < f->kept; i++)
        zmq_msg_close(&f->part[i]);
    f->kept = 0;
}

/* Receives a whole multipart message that is known to be waiting. */
static int receive_message(void *socket, frames *f)
{
    f->kept = f->count = 0;
    int more = 1;
    while (more) {
        zmq_msg_t part;
        zmq_msg_init(&part);
        if (zmq_msg_recv(&part, socket, f->count == 0 ? ZMQ_DONTWAIT : 0) < 0) {
            int err = zmq_errno();
            zmq_msg_close(&part);
            if (err == EINTR && f->count == 0)
                continue;
            frames_close(f);
            return -err;
        }
        more = zmq_msg_more(&part);
        if (f->kept < MAX_FRAMES)
            f->part[f->kept++] = part; /* a zmq_msg_t may be moved while it is not in use */
        else
            zmq_msg_close(&part);
        f->count++;
    }
    return 0;
}

size_t mm_pack_request_header(uint64_t request_id, uint32_t timeout_ms, int wait_for_ready, uint8_t out[64])
{
    Moodmusic__V1__RequestHeader header = MOODMUSIC__V1__REQUEST_HEADER__INIT;
    header.request_id = request_id;
    header.timeout_ms = timeout_ms;
    header.wait_for_ready = wait_for_ready != 0;
    /* three scalar fields: at most 1 + 10 + 1 + 5 + 1 + 1 bytes */
    return moodmusic__v1__request_header__pack(&header, out);
}

Moodmusic__V1__ResponseHeader *mm_parse_response(size_t count, const void *const *data, const size_t *len)
{
    if (count != 4 || len[0] != 0 || len[1] != PROTOCOL_ID_LEN || memcmp(data[1], PROTOCOL_ID, PROTOCOL_ID_LEN) != 0)
        return NULL;
    return moodmusic__v1__response_header__unpack(NULL, len[2], data[2]);
}

mm_code mm_call(mm_client *client, const char *method, const void *request, size_t request_len,
                uint32_t timeout_ms, uint8_t **response, size_t *response_len, mm_status *status)
{
    if (response != NULL)
        *response = NULL;
    if (response_len != NULL)
        *response_len = 0;
    if (client == NULL || method == NULL || (request == NULL && request_len > 0))
        return mm_status_set(status, MM_INVALID_ARGUMENT, "mm_call: client, method and request are required");
    if (timeout_ms == 0)
        timeout_ms = client->default_timeout_ms;

    uint64_t request_id = client->next_request_id++;
    int64_t give_up_at = now_ms() + timeout_ms + grace_ms(timeout_ms);

    uint8_t header_bytes[64];
    size_t header_len = mm_pack_request_header(request_id, timeout_ms, client->wait_for_ready, header_bytes);

    mm_code code;
    if ((code = send_frame(client, "", 0, true, give_up_at, status)) != MM_OK)
        return code;
    /* The first frame is queued: ZeroMQ delivers a multipart message whole, so the rest follows. */
    if ((code = send_frame(client, PROTOCOL_ID, PROTOCOL_ID_LEN, true, give_up_at, status)) != MM_OK ||
        (code = send_frame(client, method, strlen(method), true, give_up_at, status)) != MM_OK ||
        (code = send_frame(client, header_bytes, header_len, true, give_up_at, status)) != MM_OK ||
        (code = send_frame(client, request_len ? request : "", request_len, false, give_up_at, status)) != MM_OK)
        return code;

    for (;;) {
        int64_t left = give_up_at - now_ms();
        if (left <= 0)
            return mm_status_set(status, MM_DEADLINE_EXCEEDED,
                                 "no response from the gateway at %s within %u ms; is the gateway running?",
                                 client->endpoint, timeout_ms);
        zmq_pollitem_t item = {.socket = client->socket, .events = ZMQ_POLLIN};
        int ready = zmq_poll(&item, 1, (long)left);
        if (ready < 0) {
            if (zmq_errno() == EINTR)
                continue;
            return mm_status_set(status, MM_INTERNAL, "zmq_poll: %s", zmq_strerror(zmq_errno()));
        }
        if (ready == 0 || !(item.revents & ZMQ_POLLIN))
            continue;

        frames f;
        int err = receive_message(client->socket, &f);
        if (err == -EAGAIN)
            continue;
        if (err != 0)
            return mm_status_set(status, MM_INTERNAL, "zmq_msg_recv: %s", zmq_strerror(-err));
        const void *data[MAX_FRAMES];
        size_t len[MAX_FRAMES];
        for (size_t i = 0; i < f.kept; i++) {
            data[i] = zmq_msg_data(&f.part[i]);
            len[i] = zmq_msg_size(&f.part[i]);
        }
        Moodmusic__V1__ResponseHeader *reply = f.count == f.kept ? mm_parse_response(f.count, data, len) : NULL;
        if (reply == NULL || reply->request_id != request_id) {
            /* Unreadable, or the late answer to a call that was given up: drop it. */
            if (reply != NULL)
                moodmusic__v1__response_header__free_unpacked(reply, NULL);
            frames_close(&f);
            continue;
        }
        code = (mm_code)reply->code;
        if (code != MM_OK) {
            mm_status_set(status, code, "%s", reply->message[0] ? reply->message : mm_code_name(code));
        } else {
            size_t n = zmq_msg_size(&f.part[3]);
            uint8_t *copy = malloc(n ? n : 1);
            if (copy == NULL) {
                code = mm_status_set(status, MM_RESOURCE_EXHAUSTED, "out of memory for a %zu-byte response", n);
            } else {
                memcpy(copy, zmq_msg_data(&f.part[3]), n);
                if (response != NULL)
                    *response = copy;
                else
                    free(copy);
                if (response_len != NULL)
                    *response_len = n;
                status_ok(status);
            }
        }
        moodmusic__v1__response_header__free_unpacked(reply, NULL);
        frames_close(&f);
        return code;
    }
}

/* Packs `message`, calls `method` and unpacks the response with `descriptor`. */
static mm_code call_message(mm_client *client, const char *method, const ProtobufCMessage *message,
                            const ProtobufCMessageDescriptor *descriptor, uint32_t timeout_ms,
                            ProtobufCMessage **out, mm_status *status)
{
    *out = NULL;
    size_t len = protobuf_c_message_get_packed_size(message);
    uint8_t *packed = malloc(len ? len : 1);
    if (packed == NULL)
        return mm_status_set(status, MM_RESOURCE_EXHAUSTED, "out of memory for a %zu-byte request", len);
    protobuf_c_message_pack(message, packed);

    uint8_t *response = NULL;
    size_t response_len = 0;
    mm_code code = mm_call(client, method, packed, len, timeout_ms, &response, &response_len, status);
    free(packed);
    if (code != MM_OK)
        return code;
    *out = protobuf_c_message_unpack(descriptor, NULL, response_len, response);
    free(response);
    if (*out == NULL)
        return mm_status_set(status, MM_INTERNAL, "the %s in the response could not be parsed", descriptor->name);
    return MM_OK;
}

mm_code mm_detect_emotions(mm_client *client, const void *image, size_t image_len,
                           const mm_detect_options *options, uint32_t timeout_ms,
                           Moodmusic__V1__DetectEmotionsResponse **out, mm_status *status)
{
    if (out == NULL)
        return mm_status_set(status, MM_INVALID_ARGUMENT, "mm_detect_emotions: out is required");
    *out = NULL;
    if (image == NULL && image_len > 0)
        return mm_status_set(status, MM_INVALID_ARGUMENT, "mm_detect_emotions: image is NULL");
    Moodmusic__V1__DetectEmotionsRequest request = MOODMUSIC__V1__DETECT_EMOTIONS_REQUEST__INIT;
    Moodmusic__V1__DetectionOptions detection = MOODMUSIC__V1__DETECTION_OPTIONS__INIT;
    request.image.data = (uint8_t *)image; /* only read */
    request.image.len = image_len;
    if (options != NULL) {
        detection.scale_factor = options->scale_factor;
        detection.min_neighbors = options->min_neighbors;
        detection.min_size = options->min_size;
        detection.max_size = options->max_size;
        detection.detector = options->detector;
        detection.align_faces = options->align_faces != 0;
        request.options = &detection;
    }
    ProtobufCMessage *response = NULL;
    mm_code code = call_message(client, MM_METHOD_DETECT_EMOTIONS, &request.base,
                                &moodmusic__v1__detect_emotions_response__descriptor, timeout_ms, &response,
                                status);
    *out = (Moodmusic__V1__DetectEmotionsResponse *)response;
    return code;
}

void mm_detect_emotions_response_free(Moodmusic__V1__DetectEmotionsResponse *response)
{
    if (response != NULL)
        moodmusic__v1__detect_emotions_response__free_unpacked(response, NULL);
}

mm_code mm_health(mm_client *client, const char *service, uint32_t timeout_ms,
                  Moodmusic__V1__HealthCheckResponse **out, mm_status *status)
{
    if (out == NULL)
        return mm_status_set(status, MM_INVALID_ARGUMENT, "mm_health: out is required");
    Moodmusic__V1__HealthCheckRequest request = MOODMUSIC__V1__HEALTH_CHECK_REQUEST__INIT;
    if (service != NULL)
        request.service = (char *)service; /* only read */
    ProtobufCMessage *response = NULL;
    mm_code code = call_message(client, MM_METHOD_HEALTH_CHECK, &request.base,
                                &moodmusic__v1__health_check_response__descriptor, timeout_ms, &response, status);
    *out = (Moodmusic__V1__HealthCheckResponse *)response;
    return code;
}

void mm_health_response_free(Moodmusic__V1__HealthCheckResponse *response)
{
    if (response != NULL)
        moodmusic__v1__health_check_response__free_unpacked(response, NULL);
}

mm_code mm_echo(mm_client *client, const void *payload, size_t payload_len, uint32_t timeout_ms,
                Moodmusic__V1__EchoResponse **out, mm_status *status)
{
    if (out == NULL)
        return mm_status_set(status, MM_INVALID_ARGUMENT, "mm_echo: out is required");
    *out = NULL;
    if (payload == NULL && payload_len > 0)
        return mm_status_set(status, MM_INVALID_ARGUMENT, "mm_echo: payload is NULL");
    Moodmusic__V1__EchoRequest request = MOODMUSIC__V1__ECHO_REQUEST__INIT;
    request.payload.data = (uint8_t *)payload; /* only read */
    request.payload.len = payload_len;
    ProtobufCMessage *response = NULL;
    mm_code code = call_message(client, MM_METHOD_ECHO, &request.base, &moodmusic__v1__echo_response__descriptor,
                                timeout_ms, &response, status);
    *out = (Moodmusic__V1__EchoResponse *)response;
    return code;
}

void mm_echo_response_free(Moodmusic__V1__EchoResponse *response)
{
    if (response != NULL)
        moodmusic__v1__echo_response__free_unpacked(response, NULL);
}

static mm_code errno_code(int err)
{
    switch (err) {
    case ENOENT:
    case ENOTDIR:
        return MM_NOT_FOUND;
    case EACCES:
    case EPERM:
        return MM_PERMISSION_DENIED;
    case ENOMEM:
        return MM_RESOURCE_EXHAUSTED;
    default:
        return MM_INVALID_ARGUMENT;
    }
}

mm_code mm_read_file(const char *path, uint8_t **data, size_t *len, mm_status *status)
{
    *data = NULL;
    *len = 0;
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return mm_status_set(status, errno_code(errno), "cannot open %s: %s", path, strerror(errno));
    struct stat info;
    if (fstat(fileno(file), &info) != 0 || !S_ISREG(info.st_mode)) {
        fclose(file);
        return mm_status_set(status, MM_INVALID_ARGUMENT, "%s is not a regular file", path);
    }
    size_t capacity = info.st_size > 0 ? (size_t)info.st_size : 1;
    uint8_t *buffer = malloc(capacity);
    size_t used = 0;
    while (buffer != NULL) {
        used += fread(buffer + used, 1, capacity - used, file);
        if (used < capacity)
            break; /* end of file or an error */
        uint8_t *bigger = realloc(buffer, capacity * 2); /* the file grew since fstat */
        if (bigger == NULL) {
            free(buffer);
            buffer = NULL;
            break;
        }
        buffer = bigger;
        capacity *= 2;
    }
    if (buffer == NULL) {
        fclose(file);
        return mm_status_set(status, MM_RESOURCE_EXHAUSTED, "out of memory reading %s", path);
    }
    if (ferror(file)) {
        int err = errno;
        fclose(file);
        free(buffer);
        return mm_status_set(status, errno_code(err), "cannot read %s: %s", path, strerror(err));
    }
    fclose(file);
    *data = buffer;
    *len = used;
    return status_ok(status);
}
