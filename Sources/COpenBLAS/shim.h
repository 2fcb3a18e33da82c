// Exposes OpenBLAS's CBLAS interface (cblas_sgemm, openblas_set_num_threads) to Swift.
#include <cblas.h>
