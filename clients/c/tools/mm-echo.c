/*
 * mm-echo: sends Diagnostics.Echo through a moodmusic gateway and prints who answered.
 *
 *   mm-echo [--gateway ENDPOINT] [--timeout-ms N] [PAYLOAD]
 *
 * Prints the payload that came back, the worker's name and the round-trip time. Exits 0 when the
 * payload came back unchanged, 1 after printing "CODE_NAME: message" otherwise, 2 for bad usage.
 */
#include <time.h>

#include "common.h"

int main(int argc, char **argv)
{
    const char *gateway = NULL;
    const char *payload = "ping";
    uint32_t timeout_ms = 5000;
    for (int i = 1; i < argc; i++) {
        const char *value = NULL;
        int r;
        if ((r = option_value(argc, argv, &i, "--gateway", &value)) > 0) {
            gateway = value;
        } else if (r == 0 && (r = option_value(argc, argv, &i, "--timeout-ms", &value)) > 0) {
            if (parse_u32(value, &timeout_ms) != 0 || timeout_ms == 0) {
                fprintf(stderr, "INVALID_ARGUMENT: --timeout-ms needs a positive number: %s\n", value);
                return EXIT_USAGE;
            }
        } else if (r == 0 && argv[i][0] != '-') {
            payload = argv[i];
        } else {
            fprintf(stderr, "INVALID_ARGUMENT: bad argument: %s\n"
                            "usage: mm-echo [--gateway ENDPOINT] [--timeout-ms N] [PAYLOAD]\n", argv[i]);
            return EXIT_USAGE;
        }
    }

    mm_status status;
    mm_client *client = mm_connect(gateway, &status);
    if (client == NULL) {
        print_status(&status);
        return EXIT_CALL_FAILED;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    Moodmusic__V1__EchoResponse *reply = NULL;
    size_t len = strlen(payload);
    mm_code code = mm_echo(client, payload, len, timeout_ms, &reply, &status);
    clock_gettime(CLOCK_MONOTONIC, &end);
    mm_close(client);
    if (code != MM_OK) {
        print_status(&status);
        return EXIT_CALL_FAILED;
    }
    double ms = (double)(end.tv_sec - start.tv_sec) * 1e3 + (double)(end.tv_nsec - start.tv_nsec) / 1e6;
    int same = reply->payload.len == len && (len == 0 || memcmp(reply->payload.data, payload, len) == 0);
    printf("%.*s from %s in %.2f ms\n", (int)reply->payload.len, (const char *)reply->payload.data,
           reply->served_by, ms);
    mm_echo_response_free(reply);
    if (!same) {
        fprintf(stderr, "DATA_LOSS: the payload came back changed\n");
        return EXIT_CALL_FAILED;
    }
    return 0;
}
