/* The producing app of the ring_buffer sample: publishes the values 1..=count in order. */
#include "ring.h"

/* Produces `count` values into the ring at app address `r` (in the shared heap); returns how
 * many times it had to wait for room. */
EXPORT("produce") unsigned int produce(struct ring *r, unsigned int count) {
    unsigned int head = load(&r->head);
    unsigned int waits = 0;
    for (unsigned int value = 1; value <= count; value++) {
        unsigned int tail = load(&r->tail);
        while (head - tail == RING_SLOTS) {
            waits++;
            wait_while(&r->tail, tail);
            tail = load(&r->tail);
        }
        r->slots[head % RING_SLOTS] = value;
        /* The sequentially consistent store publishes the slot written before it. */
        store(&r->head, ++head);
        wake(&r->head);
    }
    return waits;
}
