/* The ring buffer of the ring_buffer sample: one producer, one consumer, each an app on its own
 * thread, sharing only this structure in a pre-allocated shared heap. They synchronise with
 * atomic loads and stores of the two counters and block with memory.atomic.wait32 /
 * memory.atomic.notify on them; the host only starts them. */
#ifndef SAMPLES_RING_H
#define SAMPLES_RING_H

#define EXPORT(name) __attribute__((export_name(name)))

/* Slots in the ring (a power of two, so indexes wrap with a mask). */
#define RING_SLOTS 1024u

struct ring {
    /* How many values the producer has published; written only by the producer. */
    unsigned int head;
    /* Keeps the two counters on separate cache lines. */
    char head_line[60];
    /* How many values the consumer has taken; written only by the consumer. */
    unsigned int tail;
    char tail_line[60];
    unsigned int slots[RING_SLOTS];
};

static inline unsigned int load(unsigned int *at) { return __atomic_load_n(at, __ATOMIC_SEQ_CST); }

static inline void store(unsigned int *at, unsigned int value) {
    __atomic_store_n(at, value, __ATOMIC_SEQ_CST);
}

/* Blocks while *at is still `seen` (no timeout); returns at once if it already changed. */
static inline void wait_while(unsigned int *at, unsigned int seen) {
    __builtin_wasm_memory_atomic_wait32((int *)at, (int)seen, -1);
}

/* Wakes the other side if it waits on *at. */
static inline void wake(unsigned int *at) { __builtin_wasm_memory_atomic_notify((int *)at, 1); }

#endif
