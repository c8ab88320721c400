/* A WASI command that ends through proc_exit(3), after flushing its output: shheap must
 * print the line and exit with status 3. Built like hello.c:
 *   clang --target=wasm32-wasi --sysroot=/usr -O2 -Wl,--strip-all -o exit3.wasm exit3.c
 */
#include <stdio.h>
#include <wasi/api.h>

int main(void) {
    printf("exiting with 3\n");
    fflush(stdout);
    __wasi_proc_exit(3);
}
