/* cat — copy each FILE (or stdin, or "-") to stdout. */
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include "args.h"

/* Copy fd to stdout; returns 0 or 1 after printing an error. */
static int copy(int fd, const char *name) {
  static char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) { fprintf(stderr, "cat: %s: %s\n", name, strerror(errno)); return 1; }
    if (n == 0) return 0;
    for (ssize_t off = 0; off < n;) {
      ssize_t w = write(1, buf + off, (size_t)(n - off));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) { fprintf(stderr, "cat: write error: %s\n", strerror(errno)); return 1; }
      off += w;
    }
  }
}

int main(int argc, char **argv) {
  ARGS("cat", "[-u] [FILE...]");
  int rc = 0;
  while (opt_next(argc, argv, "u") != -1) {} /* -u: unbuffered, which cat always is */
  if (opt_ind >= argc) return copy(0, "stdin");
  for (int i = opt_ind; i < argc; i++) {
    if (!strcmp(argv[i], "-")) { rc |= copy(0, "stdin"); continue; }
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) { fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno)); rc = 1; continue; }
    rc |= copy(fd, argv[i]);
    close(fd);
  }
  return rc;
}
