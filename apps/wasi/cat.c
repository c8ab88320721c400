/* Prints each file named on the command line, as `cat` does: the README's `--dir` example.
 * Built by `cargo xtask build-apps`. */
#include <stdio.h>

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        FILE *file = fopen(argv[i], "r");
        if (!file) {
            perror(argv[i]);
            return 1;
        }
        char chunk[4096];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, file)) > 0) fwrite(chunk, 1, got, stdout);
        fclose(file);
    }
    return 0;
}
