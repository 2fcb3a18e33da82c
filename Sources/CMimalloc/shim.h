// mimalloc (Debian's libmimalloc-dev). Linking it into an executable replaces malloc and free for the whole
// process, libzmq and the Swift runtime included
// (docs/performance.md, "Two frames per client message, mimalloc, fewer allocations").
#include <mimalloc.h>
