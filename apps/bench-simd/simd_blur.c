/* A 3x3 box blur (sum of the 9 pixels, divided by 8 and saturated) over a 256 x 128 u8
 * image, n passes back and forth, with u16x8 arithmetic; checksum of the final image. */
#include "common.h"

#define W 256
#define H 128
static u8 image[2][H * W];

/* The widened sums of the 3 pixels around x .. x+7 of a row (low half only). */
static inline v128_t row_sum(const u8 *row, u32 x) {
    v128_t left = wasm_u16x8_load8x8(row + x - 1);
    v128_t mid = wasm_u16x8_load8x8(row + x);
    v128_t right = wasm_u16x8_load8x8(row + x + 1);
    return wasm_i16x8_add(wasm_i16x8_add(left, mid), right);
}

EXPORT("run") u64 run(u32 n) {
    u32 state = 11;
    for (u32 i = 0; i < H * W; i++) image[0][i] = (u8)(next_random(&state) >> 24);
    for (u32 i = 0; i < H * W; i++) image[1][i] = 0;
    for (u32 pass = 0; pass < n; pass++) {
        const u8 *src = image[pass & 1];
        u8 *dst = image[(pass & 1) ^ 1];
        for (u32 y = 1; y + 1 < H; y++) {
            for (u32 x = 8; x + 8 < W; x += 8) {
                v128_t sum = wasm_i16x8_add(
                    wasm_i16x8_add(row_sum(src + (y - 1) * W, x), row_sum(src + y * W, x)),
                    row_sum(src + (y + 1) * W, x));
                v128_t scaled = wasm_u16x8_shr(sum, 3);
                v128_t packed = wasm_u8x16_narrow_i16x8(scaled, scaled);
                wasm_v128_store64_lane(dst + y * W + x, packed, 0);
            }
        }
    }
    u64 total = 0;
    const u8 *out = image[n & 1];
    for (u32 i = 0; i < H * W; i++) total = total * 3 + out[i];
    return total;
}
