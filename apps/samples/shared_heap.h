/* The shared-heap imports a WAMR-style app uses, and helpers shared by the sample apps. */
#ifndef SAMPLES_SHARED_HEAP_H
#define SAMPLES_SHARED_HEAP_H

#define EXPORT(name) __attribute__((export_name(name)))
#define IMPORT(name) __attribute__((import_module("env"), import_name(name)))

/* Allocates from the managed heap of the attached chain; 0 when there is none or no room. */
IMPORT("shared_heap_malloc") void *shared_heap_malloc(unsigned int size);
/* Frees a block from shared_heap_malloc (or the host's malloc); bad addresses are ignored. */
IMPORT("shared_heap_free") void shared_heap_free(void *ptr);
/* Asks the host to print the NUL-terminated string at this app address. */
IMPORT("print_str") void print_str(const char *text);

/* Writes the decimal digits of n at out, returns the byte after them. */
static inline char *put_unsigned(char *out, unsigned int n) {
    char digits[10];
    int count = 0;
    do {
        digits[count++] = (char)('0' + n % 10);
        n /= 10;
    } while (n != 0);
    while (count > 0) *out++ = digits[--count];
    return out;
}

/* Copies the NUL-terminated text to out (without the NUL), returns the byte after it. */
static inline char *put_text(char *out, const char *text) {
    while (*text) *out++ = *text++;
    return out;
}

#endif
