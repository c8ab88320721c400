/* Shared by the SIMD benchmark programs: no libc, one exported entry point each, and the
 * 128-bit SIMD intrinsics (built with -msimd128). */
#ifndef BENCH_SIMD_COMMON_H
#define BENCH_SIMD_COMMON_H

#include <wasm_simd128.h>

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef int i32;
typedef unsigned long long u64;
typedef long long i64;

#define EXPORT(name) __attribute__((export_name(name)))

/* A small deterministic generator, so inputs are the same on every runtime. */
static inline u32 next_random(u32 *state) {
    *state = *state * 1664525u + 1013904223u;
    return *state;
}

#endif
