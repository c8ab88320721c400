/* Sieve of Eratosthenes over a byte array: run(n) counts the primes below n (n <= 4 Mi). */
#include "common.h"

#define LIMIT (4u << 20)
static u8 composite[LIMIT];

EXPORT("run") u64 run(u32 n) {
    if (n > LIMIT) n = LIMIT;
    for (u32 i = 0; i < n; i++) composite[i] = 0;
    u64 count = 0;
    for (u32 i = 2; i < n; i++) {
        if (composite[i]) continue;
        count++;
        for (u32 multiple = i + i; multiple < n; multiple += i) composite[multiple] = 1;
    }
    return count;
}
