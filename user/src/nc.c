/* nc — connect to (or listen for) one stream connection and copy stdin to it and it to stdout.
 *   nc HOST PORT        connect over TCP (HOST: 127.0.0.1 or localhost; with boot --net, host ports)
 *   nc -l PORT          listen on PORT, take one connection
 *   nc -U PATH, nc -lU PATH   the same over a unix socket
 * At the end of stdin the sending half is shut down; nc exits when the peer has finished too. */
#include <stdio.h>
#include <poll.h>
#include "netaddr.h"
#include "args.h"

static void usage(void) {
  dprintf(2, "usage: nc [-U] HOST PORT | nc [-U] -l PORT|PATH\n");
  exit(2);
}

int main(int argc, char **argv) {
  ARGS("nc", "[-U] HOST PORT | nc [-U] -l PORT|PATH");
  int listen_mode = 0, unix_mode = 0, i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    for (const char *o = argv[i] + 1; *o; o++) {
      if (*o == 'l') listen_mode = 1;
      else if (*o == 'U') unix_mode = 1;
      else usage();
    }
  }
  int rest = argc - i;
  union anyaddr a;
  socklen_t len;
  int bad;
  if (unix_mode) bad = rest != 1 || unix_address(&a, &len, argv[i]);
  else if (listen_mode) bad = rest != 1 || inet_address(&a, &len, 0, argv[i]);
  else bad = rest != 2 || inet_address(&a, &len, argv[i], argv[i + 1]);
  if (bad) usage();
  int s = socket(unix_mode ? AF_UNIX : AF_INET, SOCK_STREAM, 0);
  if (s < 0) { dprintf(2, "nc: socket: %s\n", strerror(errno)); return 1; }
  if (listen_mode) {
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(s, &a.sa, len) < 0 || listen(s, 1) < 0) { dprintf(2, "nc: listen: %s\n", strerror(errno)); return 1; }
    int c = accept(s, 0, 0);
    if (c < 0) { dprintf(2, "nc: accept: %s\n", strerror(errno)); return 1; }
    close(s);
    s = c;
  } else if (connect(s, &a.sa, len) < 0) {
    dprintf(2, "nc: connect: %s\n", strerror(errno));
    return 1;
  }
  struct pollfd p[2] = {{0, POLLIN, 0}, {s, POLLIN, 0}};
  int in_open = 1;
  char buf[4096];
  for (;;) {
    if (poll(in_open ? p : p + 1, in_open ? 2 : 1, -1) < 0) {
      if (errno == EINTR) continue;
      dprintf(2, "nc: poll: %s\n", strerror(errno));
      return 1;
    }
    if (in_open && p[0].revents) {
      ssize_t n = read(0, buf, sizeof buf);
      if (n <= 0) {
        in_open = 0;
        shutdown(s, SHUT_WR);
      } else if (write_all(s, buf, (size_t)n) < 0) {
        dprintf(2, "nc: write: %s\n", strerror(errno));
        return 1;
      }
    }
    if (p[1].revents) {
      ssize_t n = read(s, buf, sizeof buf);
      if (n < 0) { dprintf(2, "nc: read: %s\n", strerror(errno)); return 1; }
      if (n == 0) return 0;
      if (write_all(1, buf, (size_t)n) < 0) return 1;
    }
  }
}
