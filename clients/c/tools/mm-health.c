/*
 * mm-health: asks a moodmusic gateway which services have live workers.
 *
 *   mm-health [--gateway ENDPOINT] [--service NAME] [--timeout-ms N]
 *
 * Prints a table of the services and the overall status. Exits 0 when the status is SERVING,
 * 3 when the gateway answered but is not serving, 1 after printing "CODE_NAME: message" when
 * the call fails, 2 for a bad command line.
 */
#include "common.h"

#define EXIT_NOT_SERVING 3

static void usage(FILE *out)
{
    fprintf(out,
            "usage: mm-health [--gateway ENDPOINT] [--service NAME] [--timeout-ms N]\n"
            "  --gateway ENDPOINT  the gateway's frontend (default: $MOODMUSIC_GATEWAY or %s)\n"
            "  --service NAME      a fully qualified service, e.g. moodmusic.v1.EmotionService\n"
            "                      (default: the whole system)\n"
            "  --timeout-ms N      the deadline in milliseconds (default 5000)\n"
            "Exit status: 0 SERVING, 3 not serving, 1 the call failed, 2 bad usage.\n",
            MM_DEFAULT_GATEWAY);
}

int main(int argc, char **argv)
{
    const char *gateway = NULL;
    const char *service = "";
    uint32_t timeout_ms = 5000;
    for (int i = 1; i < argc; i++) {
        const char *value = NULL;
        int r;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if ((r = option_value(argc, argv, &i, "--gateway", &value)) > 0) {
            gateway = value;
        } else if (r == 0 && (r = option_value(argc, argv, &i, "--service", &value)) > 0) {
            service = value;
        } else if (r == 0 && (r = option_value(argc, argv, &i, "--timeout-ms", &value)) > 0) {
            if (parse_u32(value, &timeout_ms) != 0 || timeout_ms == 0) {
                fprintf(stderr, "INVALID_ARGUMENT: --timeout-ms needs a positive number: %s\n", value);
                return EXIT_USAGE;
            }
        } else {
            fprintf(stderr, "INVALID_ARGUMENT: %s: %s\n", r < 0 ? "missing value for" : "unknown argument",
                    argv[i]);
            usage(stderr);
            return EXIT_USAGE;
        }
    }

    mm_status status;
    mm_client *client = mm_connect(gateway, &status);
    if (client == NULL) {
        print_status(&status);
        return EXIT_CALL_FAILED;
    }
    Moodmusic__V1__HealthCheckResponse *health = NULL;
    mm_code code = mm_health(client, service, timeout_ms, &health, &status);
    mm_close(client);
    if (code != MM_OK) {
        print_status(&status);
        return EXIT_CALL_FAILED;
    }
    printf("%-34s  %-12s  %7s  %6s  %9s\n", "SERVICE", "STATUS", "WORKERS", "QUEUED", "IN FLIGHT");
    for (size_t i = 0; i < health->n_services; i++) {
        const Moodmusic__V1__ServiceHealth *s = health->services[i];
        printf("%-34s  %-12s  %7u  %6u  %9u\n", s->service, mm_serving_status_name(s->status), s->live_workers,
               s->queued, s->in_flight);
    }
    printf("%s: %s\n", service[0] ? service : "overall", mm_serving_status_name(health->status));
    int serving = health->status == MOODMUSIC__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING;
    mm_health_response_free(health);
    return serving ? 0 : EXIT_NOT_SERVING;
}
