// Exposes zlib's gzip file API (gzopen/gzread) to Swift.
#include <zlib.h>
