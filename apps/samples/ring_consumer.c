/* The consuming app of the ring_buffer sample: takes `count` values and checks that they are
 * 1, 2, 3, ... with nothing lost, duplicated or reordered. */
#include "ring.h"

/* Consumes `count` values from the ring at app address `r`; returns how many of them were not
 * the value expected next (0 when every value arrived exactly once, in order). */
EXPORT("consume") unsigned int consume(struct ring *r, unsigned int count) {
    unsigned int tail = load(&r->tail);
    unsigned int wrong = 0;
    unsigned int expected = 1;
    for (unsigned int taken = 0; taken < count; taken++) {
        unsigned int head = load(&r->head);
        while (head == tail) {
            wait_while(&r->head, head);
            head = load(&r->head);
        }
        unsigned int value = r->slots[tail % RING_SLOTS];
        if (value != expected) wrong++;
        expected = value + 1;
        store(&r->tail, ++tail);
        wake(&r->tail);
    }
    return wrong;
}
