/* f64 matrix multiply of two n x n matrices (n <= 256); checksum of the product. */
#include "common.h"

#define LIMIT 256
static double a[LIMIT * LIMIT], b[LIMIT * LIMIT], c[LIMIT * LIMIT];

EXPORT("run") u64 run(u32 n) {
    if (n > LIMIT) n = LIMIT;
    for (u32 i = 0; i < n * n; i++) {
        a[i] = (double)(i % 17) * 0.5 - 3.0;
        b[i] = (double)(i % 13) * 0.25 + 1.0;
    }
    for (u32 i = 0; i < n; i++) {
        for (u32 j = 0; j < n; j++) {
            double sum = 0.0;
            for (u32 k = 0; k < n; k++) sum += a[i * n + k] * b[k * n + j];
            c[i * n + j] = sum;
        }
    }
    double total = 0.0;
    for (u32 i = 0; i < n * n; i++) total += c[i] * (double)(i % 7 + 1);
    return (u64)(i64)total;
}
