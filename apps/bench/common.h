/* Shared by the benchmark programs: no libc, one exported entry point each. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

typedef unsigned char u8;
typedef unsigned int u32;
typedef int i32;
typedef unsigned long long u64;
typedef long long i64;

#ifdef __wasm__
#define EXPORT(name) __attribute__((export_name(name)))
#else
/* Built natively (for reference checksums), `run` is an ordinary external function. */
#define EXPORT(name)
#endif
#define NOINLINE __attribute__((noinline))

/* A small deterministic generator, so inputs are the same on every runtime. */
static inline u32 next_random(u32 *state) {
    *state = *state * 1664525u + 1013904223u;
    return *state;
}

#endif
