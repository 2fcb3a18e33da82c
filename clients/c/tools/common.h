/* Small helpers shared by the command-line tools (not part of libmoodmusic). */
#ifndef MM_TOOLS_COMMON_H
#define MM_TOOLS_COMMON_H

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moodmusic.h"

/* Exit status for a call that failed, and for a bad command line. */
#define EXIT_CALL_FAILED 1
#define EXIT_USAGE 2

/*
 * Matches argv[*i] against "--name VALUE" or "--name=VALUE". On a match stores VALUE in *value,
 * advances *i past what it used and returns 1; returns -1 when the value is missing, 0 otherwise.
 */
static inline int option_value(int argc, char **argv, int *i, const char *name, const char **value)
{
    size_t n = strlen(name);
    const char *arg = argv[*i];
    if (strncmp(arg, name, n) != 0)
        return 0;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return 1;
    }
    if (arg[n] != '\0')
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *value = argv[++*i];
    return 1;
}

/* Parses a non-negative decimal that fits in uint32_t; returns 0 on success. */
static inline int parse_u32(const char *text, uint32_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || v > UINT32_MAX)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

/* Prints "CODE_NAME: message" to stderr, the way every tool reports a failure. */
static inline void print_status(const mm_status *status)
{
    fprintf(stderr, "%s: %s\n", mm_code_name(status->code), status->message);
}

#endif
