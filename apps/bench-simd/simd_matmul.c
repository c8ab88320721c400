/* f32 matrix multiply of two n x n matrices (n rounded down to a multiple of 4, <= 128) with
 * f32x4 rows; checksum of the product. */
#include "common.h"

#define LIMIT 128
static float a[LIMIT * LIMIT], b[LIMIT * LIMIT], c[LIMIT * LIMIT];

EXPORT("run") u64 run(u32 n) {
    if (n > LIMIT) n = LIMIT;
    n &= ~3u;
    for (u32 i = 0; i < n * n; i++) {
        a[i] = (float)(i % 17) * 0.5f - 3.0f;
        b[i] = (float)(i % 13) * 0.25f + 1.0f;
    }
    for (u32 i = 0; i < n; i++) {
        for (u32 j = 0; j < n; j += 4) {
            v128_t sum = wasm_f32x4_splat(0.0f);
            for (u32 k = 0; k < n; k++) {
                v128_t row = wasm_v128_load(&b[k * n + j]);
                sum = wasm_f32x4_add(sum, wasm_f32x4_mul(wasm_f32x4_splat(a[i * n + k]), row));
            }
            wasm_v128_store(&c[i * n + j], sum);
        }
    }
    double total = 0.0;
    for (u32 i = 0; i < n * n; i++) total += (double)c[i] * (double)(i % 7 + 1);
    return (u64)(i64)total;
}
