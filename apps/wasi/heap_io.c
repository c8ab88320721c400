/* WASI with buffers in a shared heap: the program writes, reads and fills with random bytes
 * memory it got from `shared_heap_malloc`, whose addresses lie above linear memory. Run with
 * a shared heap and `--dir HOST::/sandbox`; shheap's tests compare every line. A range that
 * straddles linear memory and what lies above it must get EFAULT. Built by
 * `cargo xtask build-apps`. */
#include <fcntl.h>
#include <stdint.h>
#include <sys/uio.h>
#include <unistd.h>

#include "report.h"

__attribute__((import_module("env"), import_name("shared_heap_malloc")))
void *shared_heap_malloc(unsigned int size);
__attribute__((import_module("env"), import_name("shared_heap_free")))
void shared_heap_free(void *block);

int main(void) {
    char *message = shared_heap_malloc(64);
    char *back = shared_heap_malloc(64);
    unsigned char *random = shared_heap_malloc(32);
    struct iovec *iov = shared_heap_malloc(2 * sizeof(struct iovec));
    if (!message || !back || !random || !iov) {
        printf("no shared heap: run with --shared-heap SIZE\n");
        return 2;
    }
    uintptr_t linear_end = __builtin_wasm_memory_size(0) * 65536;
    show("buffers above linear memory", (uintptr_t)message >= linear_end && (uintptr_t)iov >= linear_end);
    fflush(stdout);

    /* write(2) and fwrite straight from the heap. */
    strcpy(message, "this line lives in the shared heap\n");
    size_t length = strlen(message);
    show("write from heap", write(1, message, length));
    fwrite(message, 1, length, stdout);
    fflush(stdout);

    /* An iovec array in the heap, pointing at heap and linear buffers. */
    static char linear_part[] = "and this one in linear memory\n";
    iov[0] = (struct iovec){.iov_base = message, .iov_len = 5};
    iov[1] = (struct iovec){.iov_base = linear_part, .iov_len = strlen(linear_part)};
    show("writev heap iovecs", writev(1, iov, 2));

    /* A file written from the heap and read back into it. */
    int fd = open("/sandbox/heap.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    report("open", fd);
    show("write file", write(fd, message, length));
    lseek(fd, 0, SEEK_SET);
    memset(back, 0, 64);
    show("read file into heap", read(fd, back, 63));
    show("same bytes", memcmp(back, message, length) == 0);
    memset(back, 0, 64);
    show("pread into heap", pread(fd, back, 4, 5));
    printf("pread text: %s\n", back);
    close(fd);

    /* stdin into the heap. */
    memset(back, 0, 64);
    show("read stdin into heap", read(0, back, 63));
    printf("stdin text: %s", back);

    /* Random bytes into the heap. */
    memset(random, 0, 32);
    report("getentropy into heap", getentropy(random, 32));
    int nonzero = 0;
    for (int i = 0; i < 32; i++) nonzero |= random[i];
    show("random bytes arrived", nonzero != 0);

    /* Straddling the end of linear memory: EFAULT, and nothing is written. */
    report("write straddling linear end", write(1, (char *)(linear_end - 4), 8));
    report("read straddling linear end", read(0, (char *)(linear_end - 4), 8));
    report("getentropy straddling", getentropy((char *)(linear_end - 4), 8));
    report("write past the top", write(1, (char *)(uintptr_t)0xfffffff0u, 32));
    shared_heap_free(message);
    shared_heap_free(back);
    shared_heap_free(random);
    shared_heap_free(iov);
    return 0;
}
