/* The C side of Tests/Conformance/envelope-frames.json (the Swift and Python clients read it too):
 * mm_pack_request_header must produce the golden header frames, and mm_parse_response must read
 * the golden responses and reject the malformed ones. Prints "N passed, N failed".
 * The scanner below reads only this file's shape (written by scripts/make-conformance-frames). */
#include "moodmusic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

static void check(int ok, const char *what, const char *name)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL  %s: %s\n", name, what);
    }
}

/* The text of the string value of "key" after p, copied into out; returns a pointer past it. */
static const char *string_value(const char *p, const char *key, char *out, size_t cap)
{
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\": \"", key);
    const char *at = strstr(p, pattern);
    if (at == NULL)
        return NULL;
    at += strlen(pattern);
    const char *end = strchr(at, '"');
    size_t n = (size_t)(end - at) < cap - 1 ? (size_t)(end - at) : cap - 1;
    memcpy(out, at, n);
    out[n] = 0;
    return end + 1;
}

static long long number_value(const char *p, const char *key)
{
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\": ", key);
    const char *at = strstr(p, pattern);
    return at ? strtoll(at + strlen(pattern), NULL, 10) : -1;
}

static size_t unhex(const char *hex, uint8_t *out)
{
    size_t n = strlen(hex) / 2;
    for (size_t i = 0; i < n; i++)
        sscanf(hex + 2 * i, "%2hhx", &out[i]);
    return n;
}

/* Reads the frames_hex array of the case starting at p: up to 8 frames into bufs. */
static size_t frames_of(const char *p, uint8_t bufs[8][512], size_t len[8])
{
    const char *at = strstr(p, "\"frames_hex\": [");
    const char *end = strchr(at, ']');
    size_t count = 0;
    at = strchr(at, '[') + 1;
    while (count < 8) {
        const char *q = strchr(at, '"');
        if (q == NULL || q > end)
            break;
        const char *close = strchr(q + 1, '"');
        char hex[1024] = {0};
        memcpy(hex, q + 1, (size_t)(close - q - 1));
        len[count] = unhex(hex, bufs[count]);
        count++;
        at = close + 1;
    }
    return count;
}

static char *section(char *text, const char *name)
{
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\": [", name);
    return strstr(text, pattern);
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "../../Tests/Conformance/envelope-frames.json";
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        printf("FAIL  open %s\n0 passed, 1 failed\n", path);
        return 1;
    }
    static char text[1 << 20];
    size_t size = fread(text, 1, sizeof text - 1, file);
    fclose(file);
    text[size] = 0;

    char *requests = section(text, "requests"), *responses = section(text, "responses");
    char *rejects = section(text, "not_responses");
    static uint8_t bufs[8][512];
    size_t len[8];
    char name[256], value[256];

    for (const char *p = requests; (p = string_value(p, "name", name, sizeof name)) && p < responses;) {
        if (strstr(p, "\"metadata\": {}") != strstr(p, "\"metadata\": ")) /* this client sends no metadata */
            continue;
        string_value(p, "request_id", value, sizeof value);
        uint8_t header[64];
        size_t n = mm_pack_request_header(strtoull(value, NULL, 10), (uint32_t)number_value(p, "timeout_ms"),
                                          strstr(p, "\"wait_for_ready\": true") == strstr(p, "\"wait_for_ready\": "), header);
        frames_of(p, bufs, len);
        check(n == len[3] && memcmp(header, bufs[3], n) == 0, "request header frame", name);
    }
    for (const char *p = responses; (p = string_value(p, "name", name, sizeof name)) && p < rejects;) {
        size_t count = frames_of(p, bufs, len);
        const void *data[8] = {bufs[0], bufs[1], bufs[2], bufs[3], bufs[4], bufs[5], bufs[6], bufs[7]};
        Moodmusic__V1__ResponseHeader *header = mm_parse_response(count, data, len);
        check(header != NULL, "parsed", name);
        if (header == NULL)
            continue;
        string_value(p, "request_id", value, sizeof value);
        check(header->request_id == strtoull(value, NULL, 10), "request_id", name);
        check(header->code == number_value(p, "code"), "code", name);
        string_value(p, "message", value, sizeof value);
        check(strcmp(header->message, value) == 0, "message", name);
        moodmusic__v1__response_header__free_unpacked(header, NULL);
    }
    for (const char *p = rejects; (p = string_value(p, "name", name, sizeof name));) {
        size_t count = frames_of(p, bufs, len);
        const void *data[8] = {bufs[0], bufs[1], bufs[2], bufs[3], bufs[4], bufs[5], bufs[6], bufs[7]};
        Moodmusic__V1__ResponseHeader *header = mm_parse_response(count, data, len);
        check(header == NULL, "rejected", name);
        if (header != NULL)
            moodmusic__v1__response_header__free_unpacked(header, NULL);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
