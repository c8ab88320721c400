/* The consuming app of the samples: it prints messages it finds at app addresses that another
 * instance wrote, and gives managed-heap blocks back. */
#include "shared_heap.h"

/* Prints the message at msg and frees its block from wasm. */
EXPORT("consume") void consume(char *msg) {
    print_str(msg);
    shared_heap_free(msg);
}

/* Prints the text at msg without freeing it (for pre-allocated memory, which is not freed). */
EXPORT("show") void show(const char *msg) { print_str(msg); }
