/*
 * mm-detect: finds the faces in a photo and prints their emotions.
 *
 *   mm-detect IMAGE [--gateway ENDPOINT] [--timeout-ms N]
 *                   [--detector full|short|haar] [--align]
 *                   [--scale-factor F] [--min-neighbors N] [--min-size N] [--max-size N]
 *
 * Prints one line per face: index, box, top emotion, confidence and the seven probabilities, then
 * each face's landmarks when the detector gives them (BlazeFace).
 * Exits 0 on success (also when no face is found), 1 after printing "CODE_NAME: message" when
 * the call fails, 2 for a bad command line.
 */
#include "common.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: mm-detect IMAGE [--gateway ENDPOINT] [--timeout-ms N]\n"
            "                 [--detector full|short|haar] [--align]\n"
            "                 [--scale-factor F] [--min-neighbors N] [--min-size N] [--max-size N]\n"
            "\n"
            "Sends a JPEG or PNG photo to a moodmusic gateway and prints each face with its emotions.\n"
            "  --gateway ENDPOINT  the gateway's frontend (default: $MOODMUSIC_GATEWAY or %s)\n"
            "  --timeout-ms N      the deadline in milliseconds (default %u)\n"
            "  --detector NAME     full or short (BlazeFace, with landmarks) or haar (default: the\n"
            "                      worker's, BlazeFace full range)\n"
            "  --align             crop faces by their eye line for the emotion model (BlazeFace only)\n"
            "  --scale-factor F, --min-neighbors N, --min-size N, --max-size N\n"
            "                      face-detector settings (default: the worker's)\n",
            MM_DEFAULT_GATEWAY, MM_DEFAULT_TIMEOUT_MS);
}

static int bad_usage(const char *what, const char *arg)
{
    fprintf(stderr, "INVALID_ARGUMENT: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
    usage(stderr);
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    const char *image_path = NULL;
    const char *gateway = NULL;
    uint32_t timeout_ms = MM_DEFAULT_TIMEOUT_MS;
    mm_detect_options options = {0};
    int have_options = 0;

    for (int i = 1; i < argc; i++) {
        const char *value = NULL;
        int r;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if ((r = option_value(argc, argv, &i, "--gateway", &value)) != 0) {
            if (r < 0)
                return bad_usage("--gateway needs a value", NULL);
            gateway = value;
        } else if ((r = option_value(argc, argv, &i, "--timeout-ms", &value)) != 0) {
            if (r < 0 || parse_u32(value, &timeout_ms) != 0 || timeout_ms == 0)
                return bad_usage("--timeout-ms needs a positive number of milliseconds", value);
        } else if ((r = option_value(argc, argv, &i, "--detector", &value)) != 0) {
            if (r < 0)
                return bad_usage("--detector needs full, short or haar", NULL);
            if (strcmp(value, "full") == 0)
                options.detector = MOODMUSIC__V1__FACE_DETECTOR__FACE_DETECTOR_BLAZEFACE_FULL;
            else if (strcmp(value, "short") == 0)
                options.detector = MOODMUSIC__V1__FACE_DETECTOR__FACE_DETECTOR_BLAZEFACE_SHORT;
            else if (strcmp(value, "haar") == 0)
                options.detector = MOODMUSIC__V1__FACE_DETECTOR__FACE_DETECTOR_HAAR;
            else
                return bad_usage("--detector needs full, short or haar", value);
            have_options = 1;
        } else if (strcmp(argv[i], "--align") == 0) {
            options.align_faces = 1;
            have_options = 1;
        } else if ((r = option_value(argc, argv, &i, "--scale-factor", &value)) != 0) {
            char *end = NULL;
            if (r < 0 || (options.scale_factor = strtof(value, &end), end == value || *end != '\0') ||
                !(options.scale_factor > 1.0f))
                return bad_usage("--scale-factor needs a number > 1", value);
            have_options = 1;
        } else if ((r = option_value(argc, argv, &i, "--min-neighbors", &value)) != 0) {
            if (r < 0 || parse_u32(value, &options.min_neighbors) != 0)
                return bad_usage("--min-neighbors needs a number", value);
            have_options = 1;
        } else if ((r = option_value(argc, argv, &i, "--min-size", &value)) != 0) {
            if (r < 0 || parse_u32(value, &options.min_size) != 0)
                return bad_usage("--min-size needs a number of pixels", value);
            have_options = 1;
        } else if ((r = option_value(argc, argv, &i, "--max-size", &value)) != 0) {
            if (r < 0 || parse_u32(value, &options.max_size) != 0)
                return bad_usage("--max-size needs a number of pixels", value);
            have_options = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return bad_usage("unknown option", argv[i]);
        } else if (image_path == NULL) {
            image_path = argv[i];
        } else {
            return bad_usage("only one IMAGE, please", argv[i]);
        }
    }
    if (image_path == NULL)
        return bad_usage("IMAGE is required", NULL);

    mm_status status;
    uint8_t *image = NULL;
    size_t image_len = 0;
    if (mm_read_file(image_path, &image, &image_len, &status) != MM_OK) {
        print_status(&status);
        return EXIT_CALL_FAILED;
    }
    mm_client *client = mm_connect(gateway, &status);
    if (client == NULL) {
        free(image);
        print_status(&status);
        return EXIT_CALL_FAILED;
    }
    Moodmusic__V1__DetectEmotionsResponse *result = NULL;
    mm_code code = mm_detect_emotions(client, image, image_len, have_options ? &options : NULL, timeout_ms,
                                      &result, &status);
    free(image);
    mm_close(client);
    if (code != MM_OK) {
        print_status(&status);
        return EXIT_CALL_FAILED;
    }

    const char *detector = result->detector == MOODMUSIC__V1__FACE_DETECTOR__FACE_DETECTOR_HAAR ? "haar"
                           : result->detector == MOODMUSIC__V1__FACE_DETECTOR__FACE_DETECTOR_BLAZEFACE_SHORT ? "BlazeFace short range"
                           : result->detector == MOODMUSIC__V1__FACE_DETECTOR__FACE_DETECTOR_BLAZEFACE_FULL ? "BlazeFace full range"
                           : "?";
    printf("%s: %ux%u, %zu face%s, dominant emotion %s, %.1f ms compute, by %s\n", image_path, result->image_width,
           result->image_height, result->n_faces, result->n_faces == 1 ? "" : "s",
           mm_emotion_name(result->dominant_emotion), (double)result->compute_micros / 1000.0, detector);
    if (result->n_faces > 0) {
        printf("%-4s  %-19s  %-8s  %-6s", "FACE", "BOX (x,y wxh)", "EMOTION", "CONF");
        for (size_t k = 0; k < 7; k++)
            printf("  %8s", mm_probability_name(k));
        printf("\n");
    }
    for (size_t i = 0; i < result->n_faces; i++) {
        const Moodmusic__V1__Face *face = result->faces[i];
        char box[64] = "?";
        if (face->box != NULL)
            snprintf(box, sizeof box, "%d,%d %dx%d", face->box->x, face->box->y, face->box->width,
                     face->box->height);
        printf("%-4zu  %-19s  %-8s  %6.3f", i, box, mm_emotion_name(face->emotion), (double)face->confidence);
        for (size_t k = 0; k < 7; k++) {
            if (k < face->n_probabilities)
                printf("  %8.4f", (double)face->probabilities[k]);
            else
                printf("  %8s", "-");
        }
        printf("\n");
    }
    for (size_t i = 0; i < result->n_faces; i++) {
        const Moodmusic__V1__FaceLandmarks *m = result->faces[i]->landmarks;
        if (m == NULL || m->right_eye == NULL || m->left_eye == NULL || m->nose_tip == NULL || m->mouth == NULL)
            continue;
        printf("landmarks %zu: right eye %.0f,%.0f; left eye %.0f,%.0f; nose %.0f,%.0f; mouth %.0f,%.0f\n", i,
               (double)m->right_eye->x, (double)m->right_eye->y, (double)m->left_eye->x, (double)m->left_eye->y,
               (double)m->nose_tip->x, (double)m->nose_tip->y, (double)m->mouth->x, (double)m->mouth->y);
    }
    mm_detect_emotions_response_free(result);
    return 0;
}
