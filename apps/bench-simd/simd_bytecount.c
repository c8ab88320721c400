/* Counts the bytes equal to each of 4 values in a 64 KiB buffer, n times over, 16 bytes at a
 * time (i8x16.eq and lane-wise counters widened before they can overflow). */
#include "common.h"

#define SIZE 65536
static u8 buffer[SIZE];

static u64 count(u8 wanted) {
    v128_t needle = wasm_i8x16_splat((char)wanted);
    u64 total = 0;
    for (u32 block = 0; block < SIZE; block += 16 * 255) {
        u32 end = block + 16 * 255 < SIZE ? block + 16 * 255 : SIZE;
        /* Each lane counts down by one per match (eq gives -1), at most 255 times. */
        v128_t lanes = wasm_i8x16_splat(0);
        for (u32 i = block; i < end; i += 16) {
            v128_t hits = wasm_i8x16_eq(wasm_v128_load(&buffer[i]), needle);
            lanes = wasm_i8x16_sub(lanes, hits);
        }
        v128_t pairs = wasm_u16x8_extadd_pairwise_u8x16(lanes);
        v128_t quads = wasm_u32x4_extadd_pairwise_u16x8(pairs);
        total += wasm_u32x4_extract_lane(quads, 0) + wasm_u32x4_extract_lane(quads, 1)
            + wasm_u32x4_extract_lane(quads, 2) + wasm_u32x4_extract_lane(quads, 3);
    }
    return total;
}

EXPORT("run") u64 run(u32 n) {
    u32 state = 7;
    for (u32 i = 0; i < SIZE; i++) buffer[i] = (u8)(next_random(&state) >> 24) & 0x3f;
    u64 total = 0;
    for (u32 round = 0; round < n; round++) {
        total = total * 31 + count((u8)(round & 0x3f)) + 3 * count((u8)((round * 7) & 0x3f));
    }
    return total;
}
