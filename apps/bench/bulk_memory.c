/* memcpy/memset-heavy work (memory.copy / memory.fill with -mbulk-memory). */
#include "common.h"

#define SIZE (1u << 20)
static u8 source[SIZE], target[SIZE];

EXPORT("run") u64 run(u32 n) {
    u64 checksum = 0;
    for (u32 round = 0; round < n; round++) {
        u32 length = 4096 + (round * 7919u) % (SIZE / 2);
        u32 from = (round * 104729u) % (SIZE - length);
        u32 to = (round * 1299709u) % (SIZE - length);
        __builtin_memset(source + from, (int)(round & 0xff), length / 2);
        __builtin_memcpy(target + to, source + from, length);
        __builtin_memmove(target + to / 2, target + to, length / 4);
        checksum += target[to] + target[to + length - 1] + target[to / 2 + 1];
    }
    return checksum;
}
