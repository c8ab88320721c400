/* Quicksort of n pseudo-random 32-bit integers (n <= 1 Mi); checksum of the sorted order. */
#include "common.h"

#define LIMIT (1u << 20)
static i32 values[LIMIT];

static void swap(i32 *a, i32 *b) {
    i32 t = *a;
    *a = *b;
    *b = t;
}

static NOINLINE void quicksort(i32 *v, i32 low, i32 high) {
    while (low < high) {
        i32 pivot = v[low + (high - low) / 2];
        i32 i = low, j = high;
        while (i <= j) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j) swap(&v[i++], &v[j--]);
        }
        /* Recurse into the smaller half to bound the depth. */
        if (j - low < high - i) {
            quicksort(v, low, j);
            low = i;
        } else {
            quicksort(v, i, high);
            high = j;
        }
    }
}

EXPORT("run") u64 run(u32 n) {
    if (n > LIMIT) n = LIMIT;
    u32 state = 12345;
    for (u32 i = 0; i < n; i++) values[i] = (i32)next_random(&state);
    quicksort(values, 0, (i32)n - 1);
    u64 checksum = 0;
    for (u32 i = 1; i < n; i++) {
        if (values[i - 1] > values[i]) return 0; /* not sorted: a wrong answer */
        checksum = checksum * 31 + (u32)values[i];
    }
    return checksum;
}
