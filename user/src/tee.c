/* tee — copy stdin to stdout and to each FILE; -a: append. */
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include "args.h"

int main(int argc, char **argv) {
  ARGS("tee", "[-a] [FILE...]");
  int fds[16], n = 0, flags = O_WRONLY | O_CREAT | O_TRUNC, rc = 0, c;
  while ((c = opt_next(argc, argv, "a")) != -1) flags = O_WRONLY | O_CREAT | O_APPEND;
  fds[n++] = 1;
  for (int i = opt_ind; i < argc; i++) {
    if (n == 16) { fprintf(stderr, "tee: %s: too many files\n", argv[i]); rc = 1; continue; }
    int fd = open(argv[i], flags, 0666);
    if (fd < 0) { fprintf(stderr, "tee: %s: %s\n", argv[i], strerror(errno)); rc = 1; continue; }
    fds[n++] = fd;
  }
  static char buf[4096];
  for (;;) {
    ssize_t r = read(0, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    for (int k = 0; k < n; k++)
      if (fds[k] >= 0 && write(fds[k], buf, (size_t)r) != r) { rc = 1; fds[k] = -1; }
  }
  return rc;
}
