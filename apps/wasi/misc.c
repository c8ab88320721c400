/* Everything but files: arguments, environment, clocks, sleeping (poll_oneoff), random
 * bytes, stdin, descriptors' status, sockets asked of non-sockets, sched_yield and
 * proc_raise. shheap's WASI tests run it with fixed arguments, environment, stdin, clock
 * and random seed and compare every line. Built by `cargo xtask build-apps`. */
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

#include "report.h"

/* proc_raise is in the witx but no longer in wasi-libc's header. */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise")))
int raw_proc_raise(int signal);

static long long nanos(clockid_t clock) {
    struct timespec now;
    if (clock_gettime(clock, &now) != 0) return -1;
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

int main(int argc, char **argv) {
    /* wasmtime traps on enum values the witx does not define, where shheap answers EINVAL;
     * `portable` skips those calls so the rest can be compared. */
    int portable = argc > 1 && strcmp(argv[argc - 1], "portable") == 0;
    show("argc", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d]: %s\n", i, argv[i]);
    const char *greeting = getenv("GREETING");
    printf("GREETING: %s\n", greeting ? greeting : "(unset)");

    /* Sleeping: one second by the monotonic clock (the deterministic test clock moves by
     * exactly what was asked). */
    long long before = nanos(CLOCK_MONOTONIC);
    report("sleep", sleep(1) == 0 ? 0 : -1);
    long long slept = nanos(CLOCK_MONOTONIC) - before;
    show("slept at least 1s", slept >= 1000000000LL);
    show("slept under 5s", slept < 5000000000LL);
    struct timespec res;
    report("clock_getres", clock_getres(CLOCK_REALTIME, &res));
    show("realtime after 2020", nanos(CLOCK_REALTIME) > 1577836800000000000LL);
    report("process cputime", nanos(CLOCK_PROCESS_CPUTIME_ID) >= 0 ? 0 : -1);
    if (!portable) report_code("bad clock errno", __wasi_clock_time_get(7, 1, &(__wasi_timestamp_t){0}));

    /* poll_oneoff: stdin with data is ready at once; a clock alone times out. */
    struct pollfd fds[1] = {{.fd = 0, .events = POLLIN}};
    show("poll stdin", poll(fds, 1, 1000));
    show("stdin readable", (fds[0].revents & POLLIN) != 0);
    struct pollfd none[1] = {{.fd = 1, .events = POLLOUT}};
    show("poll stdout", poll(none, 1, 0));
    __wasi_subscription_t sub = {.userdata = 42, .u = {.tag = __WASI_EVENTTYPE_CLOCK, .u.clock = {.id = __WASI_CLOCKID_MONOTONIC, .timeout = 1000}}};
    __wasi_event_t event;
    __wasi_size_t count = 0;
    report_code("poll clock", __wasi_poll_oneoff(&sub, &event, 1, &count));
    show("events", count);
    show("userdata", event.userdata);
    report_code("poll nothing", __wasi_poll_oneoff(&sub, &event, 0, &count));
    if (!portable) {
        sub.u.u.clock.id = 99;
        report_code("poll bad clock", __wasi_poll_oneoff(&sub, &event, 1, &count));
        show("bad clock event errno", event.error);
    }
    __wasi_subscription_t bad_fd = {.userdata = 7, .u = {.tag = __WASI_EVENTTYPE_FD_READ, .u.fd_read = {.file_descriptor = 55}}};
    report_code("poll bad fd", __wasi_poll_oneoff(&bad_fd, &event, 1, &count));
    show("bad fd event errno", event.error);

    /* stdin. */
    char line[64] = {0};
    show("read stdin", read(0, line, sizeof line - 1));
    printf("stdin text: %s", line);
    show("read at end", read(0, line, sizeof line));
    report("write stdin", write(0, "x", 1));

    /* Random bytes: a seeded source gives the same bytes every run. */
    unsigned char bytes[8] = {0};
    report("getentropy", getentropy(bytes, sizeof bytes));
    printf("random:");
    for (int i = 0; i < 8; i++) printf(" %02x", bytes[i]);
    printf("\n");

    /* What descriptors are. */
    __wasi_fdstat_t stat;
    report_code("fdstat stdout", __wasi_fd_fdstat_get(1, &stat));
    show("stdout can write", (stat.fs_rights_base & __WASI_RIGHTS_FD_WRITE) != 0);
    show("stdout can seek", (stat.fs_rights_base & __WASI_RIGHTS_FD_SEEK) != 0);
    report_code("fdstat closed", __wasi_fd_fdstat_get(40, &stat));
    report("seek stdout", lseek(1, 0, SEEK_CUR));
    __wasi_prestat_t prestat;
    report_code("prestat stdout", __wasi_fd_prestat_get(1, &prestat));
    report_code("sync stdout", __wasi_fd_sync(1));

    /* Sockets asked of things that are not sockets. */
    report("accept on stdout", accept(1, NULL, NULL));
    report("send on stdout", send(1, "x", 1, 0));
    report("recv on stdin", recv(0, line, 1, 0));
    report("shutdown stdout", shutdown(1, SHUT_RDWR));
    report("shutdown bad fd", shutdown(99, SHUT_RDWR));

    report("sched_yield", sched_yield());
    report_code("raise none", raw_proc_raise(0));
    report_code("raise child", raw_proc_raise(16 /* chld */));
    if (!portable) report_code("raise unknown", raw_proc_raise(200));
    fflush(stdout);
    if (argc > 1 && strcmp(argv[1], "raise") == 0) {
        raw_proc_raise(15 /* term */);
        printf("not reached\n");
    }
    return 0;
}
