/* Many calls of small functions, direct and through a table (call_indirect). */
#include "common.h"

static NOINLINE u32 add_one(u32 x) { return x + 1; }
static NOINLINE u32 twice(u32 x) { return x * 2; }
static NOINLINE u32 mix(u32 x, u32 y) { return (x ^ y) + (x >> 3); }
static NOINLINE u32 halve(u32 x) { return x / 2 + 7; }

typedef u32 (*unary)(u32);
static unary volatile TABLE[3] = {add_one, twice, halve};

EXPORT("run") u64 run(u32 n) {
    u32 x = 1;
    u64 checksum = 0;
    for (u32 i = 0; i < n; i++) {
        x = mix(add_one(x), twice(i));
        x = TABLE[i % 3](x);
        checksum += x;
    }
    return checksum;
}
