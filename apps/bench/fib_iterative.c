/* Iterative Fibonacci modulo 2^64, repeated: a tight arithmetic loop. */
#include "common.h"

EXPORT("run") u64 run(u32 n) {
    u64 checksum = 0;
    for (u32 round = 0; round < n; round++) {
        u64 a = 0, b = 1;
        for (u32 i = 0; i < 1000; i++) {
            u64 next = a + b;
            a = b;
            b = next;
        }
        checksum ^= a + round;
    }
    return checksum;
}
