/* Shared by the WASI test programs: print one line per check, with the outcome spelled out
 * so that a run can be compared line by line with another runtime's (wasmtime's). */
#ifndef REPORT_H
#define REPORT_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Prints "name: ok" when `result` is not negative, else "name: errno N (text)". */
static inline void report(const char *name, long result) {
    if (result >= 0) {
        printf("%s: ok\n", name);
    } else {
        int saved = errno;
        printf("%s: errno %d (%s)\n", name, saved, strerror(saved));
    }
}

/* Prints "name: ok" for 0, else "name: errno N (text)": for calls that return an error
 * number instead of setting errno (posix_fallocate, the raw __wasi_* functions). */
static inline void report_code(const char *name, int code) {
    if (code == 0) {
        printf("%s: ok\n", name);
    } else {
        printf("%s: errno %d (%s)\n", name, code, strerror(code));
    }
}

/* Prints "name: value". */
static inline void show(const char *name, long long value) {
    printf("%s: %lld\n", name, value);
}

#endif
