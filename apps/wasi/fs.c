/* Files and directories through a preopened directory: shheap's WASI tests run it with
 * `--dir HOST::/sandbox` (HOST holding `outside -> /` , `loop -> loop`, which the test
 * creates) and compare every line with the expected text. Built by `cargo xtask build-apps`. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

#include "report.h"

static int list_sorted(const char *path) {
    DIR *dir = opendir(path);
    if (!dir) return -1;
    char names[16][32];
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) && count < 16) {
        snprintf(names[count++], 32, "%s%s", entry->d_name, entry->d_type == DT_DIR ? "/" : "");
    }
    closedir(dir);
    /* Directory order is the file system's: sort so the output is stable. */
    for (int i = 0; i < count; i++)
        for (int j = i + 1; j < count; j++)
            if (strcmp(names[j], names[i]) < 0) {
                char swap[32];
                strcpy(swap, names[i]);
                strcpy(names[i], names[j]);
                strcpy(names[j], swap);
            }
    printf("listing %s:", path);
    for (int i = 0; i < count; i++) printf(" %s", names[i]);
    printf("\n");
    return 0;
}

int main(int argc, char **argv) {
    /* wasmtime traps on enum values the witx does not define, where shheap answers EINVAL;
     * `portable` skips those calls so the rest can be compared. */
    int portable = argc > 1 && strcmp(argv[1], "portable") == 0;

    /* Writing, reading back, seeking, positioned I/O. */
    int fd = open("/sandbox/a.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    report("open a.txt", fd);
    report("write", write(fd, "hello, sandbox\n", 15));
    show("tell", lseek(fd, 0, SEEK_CUR));
    show("seek end", lseek(fd, 0, SEEK_END));
    show("seek set", lseek(fd, 7, SEEK_SET));
    char buf[64] = {0};
    show("read", read(fd, buf, sizeof buf - 1));
    printf("read text: %s", buf);
    report("pwrite", pwrite(fd, "SAND", 4, 7));
    memset(buf, 0, sizeof buf);
    show("pread", pread(fd, buf, 7, 7));
    printf("pread text: %s\n", buf);
    show("tell after pread", lseek(fd, 0, SEEK_CUR));
    __wasi_filesize_t told = 0;
    report_code("fd_tell", __wasi_fd_tell(fd, &told));
    show("fd_tell offset", told);
    report("seek negative", lseek(fd, -100, SEEK_SET));

    /* Metadata and sizes. */
    struct stat st;
    report("fstat", fstat(fd, &st));
    show("size", st.st_size);
    show("is regular", S_ISREG(st.st_mode));
    show("nlink", st.st_nlink);
    report("ftruncate", ftruncate(fd, 5));
    fstat(fd, &st);
    show("size after ftruncate", st.st_size);
    report_code("posix_fallocate", posix_fallocate(fd, 0, 4096));
    fstat(fd, &st);
    show("size after fallocate", st.st_size);
    report_code("posix_fadvise", posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL));
    if (!portable) report_code("posix_fadvise bad", posix_fadvise(fd, 0, 0, 99));
    report("fsync", fsync(fd));
    report("fdatasync", fdatasync(fd));
    struct timespec times[2] = {{.tv_sec = 1000000000, .tv_nsec = 5}, {.tv_sec = 1234567890, .tv_nsec = 0}};
    report("futimens", futimens(fd, times));
    fstat(fd, &st);
    show("atime", st.st_atim.tv_sec);
    show("mtime", st.st_mtim.tv_sec);
    int flags = fcntl(fd, F_GETFL);
    show("append before", (flags & O_APPEND) != 0);
    if (flags >= 0) report("set append", fcntl(fd, F_SETFL, flags | O_APPEND));
    show("append after", (fcntl(fd, F_GETFL) & O_APPEND) != 0);
    report("close", close(fd));
    report("close again", close(fd));
    report("read closed", read(fd, buf, 1));

    /* Directories and names. */
    report("mkdir", mkdir("/sandbox/d", 0755));
    report("mkdir again", mkdir("/sandbox/d", 0755));
    report("rename", rename("/sandbox/a.txt", "/sandbox/d/b.txt"));
    report("stat old name", stat("/sandbox/a.txt", &st));
    report("stat new name", stat("/sandbox/d/b.txt", &st));
    show("renamed size", st.st_size);
    report("link", link("/sandbox/d/b.txt", "/sandbox/d/c.txt"));
    stat("/sandbox/d/b.txt", &st);
    show("nlink after link", st.st_nlink);
    report("symlink", symlink("b.txt", "/sandbox/d/s.txt"));
    char target[64] = {0};
    show("readlink", readlink("/sandbox/d/s.txt", target, sizeof target - 1));
    printf("readlink text: %s\n", target);
    report("lstat link", lstat("/sandbox/d/s.txt", &st));
    show("lstat is link", S_ISLNK(st.st_mode));
    report("stat through link", stat("/sandbox/d/s.txt", &st));
    show("stat is regular", S_ISREG(st.st_mode));
    report("utimensat", utimensat(AT_FDCWD, "/sandbox/d/c.txt", times, 0));
    stat("/sandbox/d/c.txt", &st);
    show("utimensat mtime", st.st_mtim.tv_sec);
    list_sorted("/sandbox/d");
    report("rmdir non-empty", rmdir("/sandbox/d"));
    report("unlink dir", unlink("/sandbox/d"));
    report("open missing", open("/sandbox/d/none", O_RDONLY));
    report("open excl existing", open("/sandbox/d/b.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
    report("open file as dir", open("/sandbox/d/b.txt", O_RDONLY | O_DIRECTORY));
    report("write dir", open("/sandbox/d", O_WRONLY));
    report("truncate", truncate("/sandbox/d/c.txt", 3));
    stat("/sandbox/d/b.txt", &st);
    show("size through other link", st.st_size);
    report("unlink b", unlink("/sandbox/d/b.txt"));
    report("unlink c", unlink("/sandbox/d/c.txt"));
    report("unlink s", unlink("/sandbox/d/s.txt"));
    report("rmdir", rmdir("/sandbox/d"));
    list_sorted("/sandbox");

    /* Nothing outside the sandbox can be reached. */
    report("escape dotdot", open("/sandbox/../etc/passwd", O_RDONLY));
    report("escape absolute", open("/etc/passwd", O_RDONLY));
    report("escape symlink", open("/sandbox/outside/etc/passwd", O_RDONLY));
    report("stat escape symlink", stat("/sandbox/outside/etc", &st));
    report("symlink loop", open("/sandbox/loop", O_RDONLY));
    report("mkdir escape", mkdir("/sandbox/../escaped", 0755));
    report("symlink absolute", symlink("/etc/passwd", "/sandbox/abs"));
    report("symlink upward", symlink("../../etc/passwd", "/sandbox/up"));
    report("open upward link", open("/sandbox/up", O_RDONLY));
    report("unlink upward link", unlink("/sandbox/up"));
    report("rename escape", rename("/sandbox/loop", "/sandbox/../loop"));
    static char long_path[70000];
    strcpy(long_path, "/sandbox/");
    memset(long_path + 9, 'a', sizeof long_path - 10);
    report("open long path", open(long_path, O_RDONLY));

    /* Raw calls for what libc does not reach. */
    __wasi_fdstat_t stat_buf;
    report_code("fdstat preopen", __wasi_fd_fdstat_get(3, &stat_buf));
    show("preopen filetype", stat_buf.fs_filetype);
    int file = open("/sandbox/r.txt", O_CREAT | O_RDWR, 0644);
    report_code("drop write right", __wasi_fd_fdstat_set_rights(file, __WASI_RIGHTS_FD_READ, 0));
    report("write without right", write(file, "x", 1));
    report_code("regain write right", __wasi_fd_fdstat_set_rights(file, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0));
    int other = open("/sandbox/r2.txt", O_CREAT | O_RDWR, 0644);
    report_code("renumber", __wasi_fd_renumber(other, file));
    report("write renumbered", write(file, "y", 1));
    report("renumbered old fd", write(other, "y", 1));
    report_code("renumber to closed", __wasi_fd_renumber(file, 99));
    close(file);
    unlink("/sandbox/r.txt");
    unlink("/sandbox/r2.txt");
    report_code("fd_advise bad fd", __wasi_fd_advise(77, 0, 0, __WASI_ADVICE_NORMAL));
    char name[4];
    report_code("prestat name short", __wasi_fd_prestat_dir_name(3, (uint8_t *)name, 2));
    return 0;
}
