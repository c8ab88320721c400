/* The producing app of the shared_heap and shared_heap_chain samples: it writes messages into
 * shared-heap buffers, some it allocates itself and some the host hands it by app address. */
#include "shared_heap.h"

/* Writes "<sender> message <i>: <size>-byte buffer" at buf; returns buf. */
EXPORT("write_message") char *write_message(char *buf, unsigned int i, unsigned int size) {
    char *end = put_text(buf, "app 1 message ");
    end = put_unsigned(end, i);
    end = put_text(end, " in a ");
    end = put_unsigned(end, size);
    end = put_text(end, "-byte buffer");
    *end = '\0';
    return buf;
}

/* Allocates a buffer of 1 KiB x i from the shared heap itself and writes message i into it.
 * Returns its app address, or 0 when the heap has no room. */
EXPORT("produce") char *produce(unsigned int i) {
    unsigned int size = 1024 * i;
    char *buf = shared_heap_malloc(size);
    if (buf == 0) return 0;
    return write_message(buf, i, size);
}

/* Writes "chain note <k>" at an address the host chose (e.g. in a pre-allocated member). */
EXPORT("write_note") void write_note(char *at, unsigned int k) {
    char *end = put_text(at, "chain note ");
    end = put_unsigned(end, k);
    *end = '\0';
}
