/* A mixed workload in the spirit of embedded suites: linked-list walking and sorting, a small
 * integer matrix, a character state machine and a CRC over the results, repeated n times. */
#include "common.h"

#define NODES 256
#define DIM 16

typedef struct node {
    struct node *next;
    i32 value;
} node;

static node nodes[NODES];
static i32 mat_a[DIM * DIM], mat_b[DIM * DIM], mat_c[DIM * DIM];
static u8 text[512];

static u32 crc_update(u32 crc, u32 data) {
    crc ^= data;
    for (u32 bit = 0; bit < 32; bit++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    return crc;
}

static NOINLINE node *list_build(u32 seed) {
    for (u32 i = 0; i < NODES; i++) {
        nodes[i].value = (i32)(next_random(&seed) >> 16);
        nodes[i].next = i + 1 < NODES ? &nodes[i + 1] : 0;
    }
    return &nodes[0];
}

/* Insertion sort of the list by value. */
static NOINLINE node *list_sort(node *head) {
    node *sorted = 0;
    while (head) {
        node *current = head;
        head = head->next;
        node **slot = &sorted;
        while (*slot && (*slot)->value < current->value) slot = &(*slot)->next;
        current->next = *slot;
        *slot = current;
    }
    return sorted;
}

static NOINLINE u32 matrix_step(u32 seed) {
    for (u32 i = 0; i < DIM * DIM; i++) {
        mat_a[i] = (i32)(next_random(&seed) & 0xff) - 128;
        mat_b[i] = (i32)(i % 11) - 5;
    }
    u32 acc = 0;
    for (u32 i = 0; i < DIM; i++)
        for (u32 j = 0; j < DIM; j++) {
            i32 sum = 0;
            for (u32 k = 0; k < DIM; k++) sum += mat_a[i * DIM + k] * mat_b[k * DIM + j];
            mat_c[i * DIM + j] = sum;
            acc += (u32)sum;
        }
    return acc;
}

/* Counts numbers, words and other runs in a pseudo-random text. */
static NOINLINE u32 state_machine(u32 seed) {
    static const char alphabet[] = "0123456789 abcdefxyz.,+-";
    for (u32 i = 0; i < sizeof text; i++) text[i] = (u8)alphabet[next_random(&seed) % 24];
    enum { START, NUMBER, WORD, OTHER } state = START;
    u32 counts[4] = {0, 0, 0, 0};
    for (u32 i = 0; i < sizeof text; i++) {
        u8 c = text[i];
        if (c >= '0' && c <= '9') {
            if (state != NUMBER) counts[NUMBER]++;
            state = NUMBER;
        } else if (c >= 'a' && c <= 'z') {
            if (state != WORD) counts[WORD]++;
            state = WORD;
        } else if (c == ' ') {
            state = START;
        } else {
            counts[OTHER]++;
            state = OTHER;
        }
    }
    return counts[NUMBER] * 65536 + counts[WORD] * 256 + counts[OTHER];
}

EXPORT("run") u64 run(u32 n) {
    u32 crc = 0xFFFFFFFFu;
    for (u32 round = 0; round < n; round++) {
        node *head = list_sort(list_build(round + 1));
        for (node *p = head; p; p = p->next) crc = crc_update(crc, (u32)p->value);
        crc = crc_update(crc, matrix_step(round * 3 + 1));
        crc = crc_update(crc, state_machine(round * 5 + 2));
    }
    return crc;
}
