/* A WASI command for shheap's CLI tests: greets with printf, then lists its arguments
 * (argv[0] first). Built against Debian's wasi-libc (packages wasi-libc and
 * libclang-rt-dev-wasm32):
 *   clang --target=wasm32-wasi --sysroot=/usr -O2 -Wl,--strip-all -o hello.wasm hello.c
 */
#include <stdio.h>

int main(int argc, char **argv) {
    printf("hello from wasi-libc\n");
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=%s\n", i, argv[i]);
    }
    return 0;
}
