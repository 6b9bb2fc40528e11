/* netaddr.h — shared by nc, chatd and httpd: build a socket address from "HOST PORT" or a unix
 * path, and write a whole buffer. Header-only, like the other helpers in src/. */
#ifndef NETADDR_H
#define NETADDR_H
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>

union anyaddr { struct sockaddr sa; struct sockaddr_in in; struct sockaddr_un un; };

/* A TCP address (host "localhost" or a dotted quad; NULL = any) and port; 0 on success. */
__attribute__((unused)) static int inet_address(union anyaddr *a, socklen_t *len, const char *host, const char *port) {
  char *end;
  long p = strtol(port, &end, 10);
  if (*port == 0 || *end || p < 0 || p > 65535) return -1;
  memset(a, 0, sizeof *a);
  a->in.sin_family = AF_INET;
  a->in.sin_port = htons((uint16_t)p);
  if (host == 0) a->in.sin_addr.s_addr = htonl(INADDR_ANY);
  else if (!strcmp(host, "localhost")) a->in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  else if (!inet_aton(host, &a->in.sin_addr)) return -1;
  *len = sizeof a->in;
  return 0;
}

/* A unix socket address for path; 0 on success. */
__attribute__((unused)) static int unix_address(union anyaddr *a, socklen_t *len, const char *path) {
  size_t n = strlen(path);
  if (n == 0 || n >= sizeof a->un.sun_path) return -1;
  memset(a, 0, sizeof *a);
  a->un.sun_family = AF_UNIX;
  memcpy(a->un.sun_path, path, n);
  *len = (socklen_t)(2 + n + 1);
  return 0;
}

/* Write all of buf (a short write retried); -1 on error. */
__attribute__((unused)) static int write_all(int fd, const char *buf, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, buf, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    buf += w;
    n -= (size_t)w;
  }
  return 0;
}
#endif
