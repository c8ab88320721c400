/* Sockets through a listening socket the host preopened as descriptor 3 (wasmtime:
 * `--tcplisten ADDR`; shheap's tests give one with `preopened_listener`). Accepts one
 * connection, peeks, echoes what it reads in upper case, and shuts down. Built by
 * `cargo xtask build-apps`. */
#include <ctype.h>
#include <sys/socket.h>
#include <unistd.h>

#include "report.h"

int main(void) {
    int connection = accept(3, NULL, NULL);
    report("accept", connection);
    if (connection < 0) return 1;
    char buf[64] = {0};
    show("peek", recv(connection, buf, 5, MSG_PEEK));
    printf("peeked: %s\n", buf);
    memset(buf, 0, sizeof buf);
    ssize_t got = recv(connection, buf, 5, MSG_WAITALL);
    show("recv", got);
    printf("received: %s\n", buf);
    for (ssize_t i = 0; i < got; i++) buf[i] = toupper((unsigned char)buf[i]);
    show("send", send(connection, buf, got, 0));
    report("send bad flags", send(connection, buf, 1, 0x100));
    report("shutdown write", shutdown(connection, SHUT_WR));
    report("accept on connection", accept(connection, NULL, NULL));
    report("recv on listener", recv(3, buf, 1, 0));
    report("close", close(connection));
    return 0;
}
