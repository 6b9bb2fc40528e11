/* tee — copy stdin to stdout and to each FILE; -a: append. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

int main(int argc, char **argv) {
  int fds[16], n = 0, i = 1, flags = O_WRONLY | O_CREAT | O_TRUNC, rc = 0;
  if (i < argc && !strcmp(argv[i], "-a")) { flags = O_WRONLY | O_CREAT | O_APPEND; i++; }
  fds[n++] = 1;
  for (; i < argc && n < 16; i++) {
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
