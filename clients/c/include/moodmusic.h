/*
 * libmoodmusic: a small C client for the moodmusic service.
 *
 * It speaks the client protocol MMC1 of docs/protocol.md: one ZeroMQ DEALER socket connected to
 * the gateway's frontend; a request is the five frames ["", "MMC1", method, RequestHeader,
 * request] and a response the four frames ["", "MMC1", ResponseHeader, response]. Messages are
 * the protobuf-c structs generated from Protos/ (clients/c/generated).
 *
 * Conventions:
 *   - Every call returns an mm_code: MM_OK (0) on success, else the gRPC status code of the
 *     failure. When the `status` argument is not NULL it receives the code and a message.
 *   - Calls block until the response comes, the gateway answers DEADLINE_EXCEEDED, or the
 *     client gives up on its own a little after the deadline (a gateway that is down answers
 *     nothing): then the code is MM_DEADLINE_EXCEEDED.
 *   - Responses are matched by request_id; a response for an earlier call that was given up
 *     is discarded.
 *   - A client is not thread-safe: use one per thread (or serialize the calls).
 *   - Response messages are allocated by the library; free each with the matching
 *     mm_*_response_free function (or protobuf-c's *__free_unpacked with a NULL allocator).
 */
#ifndef MOODMUSIC_H
#define MOODMUSIC_H

#include <stddef.h>
#include <stdint.h>

#include "diagnostics.pb-c.h"
#include "emotion.pb-c.h"
#include "health.pb-c.h"
#include "wire.pb-c.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The 17 status codes of gRPC, with gRPC's numbers (StatusCode in Protos/wire.proto). */
typedef enum mm_code {
    MM_OK = 0,
    MM_CANCELLED = 1,
    MM_UNKNOWN = 2,
    MM_INVALID_ARGUMENT = 3,
    MM_DEADLINE_EXCEEDED = 4,
    MM_NOT_FOUND = 5,
    MM_ALREADY_EXISTS = 6,
    MM_PERMISSION_DENIED = 7,
    MM_RESOURCE_EXHAUSTED = 8,
    MM_FAILED_PRECONDITION = 9,
    MM_ABORTED = 10,
    MM_OUT_OF_RANGE = 11,
    MM_UNIMPLEMENTED = 12,
    MM_INTERNAL = 13,
    MM_UNAVAILABLE = 14,
    MM_DATA_LOSS = 15,
    MM_UNAUTHENTICATED = 16
} mm_code;

/* The longest message an mm_status holds, terminating NUL included (longer ones are cut). */
#define MM_MESSAGE_MAX 512

/* The outcome of a call: its code and, when not MM_OK, a human-readable message. */
typedef struct mm_status {
    mm_code code;
    char message[MM_MESSAGE_MAX];
} mm_status;

/* The gateway endpoint used when none is given and MOODMUSIC_GATEWAY is not set. */
#define MM_DEFAULT_GATEWAY "tcp://127.0.0.1:5555"
/* The deadline of a call that passes timeout_ms = 0, unless mm_set_default_timeout changed it. */
#define MM_DEFAULT_TIMEOUT_MS 30000u

/* The fully qualified methods (frame 2 of a request). */
#define MM_METHOD_DETECT_EMOTIONS "/moodmusic.v1.EmotionService/DetectEmotions"
#define MM_METHOD_RECOMMEND "/moodmusic.v1.RecommenderService/Recommend"
#define MM_METHOD_RECOMMEND_FOR_IMAGE "/moodmusic.v1.MoodMusic/RecommendForImage"
#define MM_METHOD_HEALTH_CHECK "/moodmusic.v1.Health/Check"
#define MM_METHOD_ECHO "/moodmusic.v1.Diagnostics/Echo"

/*
 * The MMC1 envelope as pure functions over bytes (docs/protocol.md section 1); mm_call uses
 * them, and clients/c/tests/conformance.c checks them against Tests/Conformance.
 *
 * mm_pack_request_header writes the RequestHeader frame for one call into out (64 bytes are
 * always enough) and returns its length.
 * mm_parse_response reads a response's frames; it returns the unpacked header (free it with
 * moodmusic__v1__response_header__free_unpacked) or NULL when the frames are not an MMC1
 * response, which a client drops.
 */
size_t mm_pack_request_header(uint64_t request_id, uint32_t timeout_ms, int wait_for_ready, uint8_t out[64]);
Moodmusic__V1__ResponseHeader *mm_parse_response(size_t count, const void *const *data, const size_t *len);

/* An open connection to a gateway. Opaque. */
typedef struct mm_client mm_client;

/*
 * The name of a status code: "OK", "CANCELLED", ..., "UNAUTHENTICATED".
 * A number outside 0...16 gives "UNKNOWN". The string is static.
 */
const char *mm_code_name(int code);

/*
 * The lower-case name of an Emotion enum value: "angry", "disgust", "fear", "happy", "sad",
 * "surprise", "neutral"; "unspecified" for 0 or an unknown value. The string is static.
 */
const char *mm_emotion_name(int emotion);

/*
 * The column names of Face.probabilities, in order (angry ... neutral): index 0...6.
 * Returns NULL for an index outside 0...6.
 */
const char *mm_probability_name(size_t index);

/*
 * Sets *status (when not NULL) to `code` and a printf-formatted message; returns `code`.
 * Useful for programs that report their own errors the way the library does.
 */
mm_code mm_status_set(mm_status *status, mm_code code, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Opens a client: a DEALER socket connected to `endpoint` (for example "tcp://127.0.0.1:5555").
 * NULL or "" means the environment variable MOODMUSIC_GATEWAY, else MM_DEFAULT_GATEWAY.
 * Connecting does not wait for the gateway: ZeroMQ connects (and reconnects) in the background,
 * so a gateway that is down shows up as MM_DEADLINE_EXCEEDED on the first call.
 * Returns NULL on failure (MM_INVALID_ARGUMENT for a malformed endpoint, MM_INTERNAL when
 * ZeroMQ cannot make the socket), with the reason in *status.
 */
mm_client *mm_connect(const char *endpoint, mm_status *status);

/*
 * Like mm_connect, with CurveZMQ: key_pair_file is this client's key pair and gateway_key_file
 * the gateway's public key, as `mmctl keys generate` writes them (both NULL: no CURVE).
 * mm_connect uses MOODMUSIC_CURVE_KEYS and MOODMUSIC_GATEWAY_KEY when they are set.
 */
mm_client *mm_connect_curve(const char *endpoint, const char *key_pair_file, const char *gateway_key_file,
                            mm_status *status);

/* Closes the socket and frees the client. NULL is allowed and does nothing. */
void mm_close(mm_client *client);

/* The endpoint the client connected to. Owned by the client. */
const char *mm_endpoint(const mm_client *client);

/* Changes the deadline used by calls that pass timeout_ms = 0 (initially MM_DEFAULT_TIMEOUT_MS). */
void mm_set_default_timeout(mm_client *client, uint32_t timeout_ms);

/*
 * Makes calls ask the gateway to queue them until a worker joins (RequestHeader.wait_for_ready)
 * instead of failing at once with MM_UNAVAILABLE when no worker serves the method. Off by default.
 */
void mm_set_wait_for_ready(mm_client *client, int wait_for_ready);

/*
 * Calls `method` with an encoded request and waits for the encoded response.
 *
 *   method        a fully qualified method, e.g. MM_METHOD_ECHO.
 *   request       the request message's protobuf encoding (may be NULL when request_len is 0).
 *   timeout_ms    the deadline, sent to the gateway; 0 means the client's default. The client
 *                 gives up itself 500 ms (plus 5 % of the deadline, at most 2 s more) later.
 *   response      receives a malloc'ed copy of the response message's encoding (free() it); it
 *                 is set to NULL when the call fails. *response_len receives its length.
 *   status        optional; receives the code and message.
 *
 * Returns MM_OK, the code the gateway or worker answered, or a code for a local failure:
 * MM_DEADLINE_EXCEEDED (no answer in time), MM_UNAVAILABLE (the request could not be sent),
 * MM_INTERNAL (a ZeroMQ error), MM_RESOURCE_EXHAUSTED (out of memory).
 */
mm_code mm_call(mm_client *client, const char *method, const void *request, size_t request_len,
                uint32_t timeout_ms, uint8_t **response, size_t *response_len, mm_status *status);

/* Face-detector settings; a field left at 0 takes the worker's default (BlazeFace full range; for the Haar
 * cascade 1.1, 5, 50 px, no limit). */
typedef struct mm_detect_options {
    float scale_factor;     /* Haar cascade: in [1.01, 4]; how much the scan window grows between scales */
    uint32_t min_neighbors; /* Haar cascade: raw detections a face needs to be kept */
    uint32_t min_size;      /* smallest face side in pixels */
    uint32_t max_size;      /* largest face side in pixels */
    Moodmusic__V1__FaceDetector detector; /* MOODMUSIC__V1__FACE_DETECTOR__FACE_DETECTOR_BLAZEFACE_FULL, ..._SHORT, ..._HAAR */
    int align_faces;        /* non-zero: crop faces by their eye line for the emotion model (BlazeFace only) */
} mm_detect_options;

/*
 * EmotionService.DetectEmotions: finds the faces in an encoded JPEG or PNG image and scores
 * seven emotions for each.
 *
 *   image, image_len  the encoded file.
 *   options           optional (NULL for the defaults).
 *   timeout_ms        the deadline; 0 means the client's default.
 *   out               receives the response (faces largest first, each with box, probabilities
 *                     in the order angry ... neutral, emotion and confidence; no face is not an
 *                     error); NULL on failure. Free it with mm_detect_emotions_response_free.
 *
 * Typical failures: MM_INVALID_ARGUMENT (empty, corrupt, unsupported or too large image),
 * MM_UNAVAILABLE (no emotion worker is live), MM_DEADLINE_EXCEEDED.
 */
mm_code mm_detect_emotions(mm_client *client, const void *image, size_t image_len,
                           const mm_detect_options *options, uint32_t timeout_ms,
                           Moodmusic__V1__DetectEmotionsResponse **out, mm_status *status);

/* Frees a response from mm_detect_emotions. NULL is allowed. */
void mm_detect_emotions_response_free(Moodmusic__V1__DetectEmotionsResponse *response);

/*
 * Health.Check: which services have live workers.
 *
 *   service  NULL or "" for the whole system (SERVING only when every worker-backed service has
 *            a live worker), or a fully qualified name such as "moodmusic.v1.EmotionService".
 *   out      receives the response: `status` (MOODMUSIC__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__*)
 *            and per-service details. Free it with mm_health_response_free.
 *
 * A system that is not serving is not an error (the call returns MM_OK); an unknown service
 * name gives MM_NOT_FOUND.
 */
mm_code mm_health(mm_client *client, const char *service, uint32_t timeout_ms,
                  Moodmusic__V1__HealthCheckResponse **out, mm_status *status);

/* Frees a response from mm_health. NULL is allowed. */
void mm_health_response_free(Moodmusic__V1__HealthCheckResponse *response);

/* The name of a ServingStatus value: "UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN". */
const char *mm_serving_status_name(int serving_status);

/*
 * Diagnostics.Echo: a worker returns `payload` unchanged, with its name in `served_by`.
 * Measures the gateway and the wire. Free the response with mm_echo_response_free.
 */
mm_code mm_echo(mm_client *client, const void *payload, size_t payload_len, uint32_t timeout_ms,
                Moodmusic__V1__EchoResponse **out, mm_status *status);

/* Frees a response from mm_echo. NULL is allowed. */
void mm_echo_response_free(Moodmusic__V1__EchoResponse *response);

/*
 * Reads a whole file into a malloc'ed buffer (free() it). Fails with MM_NOT_FOUND (no such
 * file), MM_PERMISSION_DENIED, MM_INVALID_ARGUMENT (a directory or another unreadable file) or
 * MM_RESOURCE_EXHAUSTED (out of memory).
 */
mm_code mm_read_file(const char *path, uint8_t **data, size_t *len, mm_status *status);

#ifdef __cplusplus
}
#endif

#endif /* MOODMUSIC_H */
