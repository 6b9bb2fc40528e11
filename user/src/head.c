/* head — print the first N (default 10) lines of each FILE or stdin; -n N or -N. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

/* Reads byte-wise buffered but stops as soon as N lines are out, so a pipe writer gets SIGPIPE. */
static void head(int fd, long n) {
  static char buf[4096];
  long lines = 0;
  while (lines < n) {
    ssize_t r = read(fd, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    ssize_t k = 0;
    while (k < r && lines < n) if (buf[k++] == '\n') lines++;
    fwrite(buf, 1, (size_t)k, stdout);
  }
  fflush(stdout);
}

int main(int argc, char **argv) {
  long n = 10;
  int i = 1, rc = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    if (!strcmp(argv[i], "-n") && i + 1 < argc) n = atol(argv[++i]);
    else if (!strncmp(argv[i], "-n", 2)) n = atol(argv[i] + 2);
    else n = atol(argv[i] + 1);
  }
  if (i == argc) { head(0, n); return 0; }
  int many = argc - i > 1;
  for (int first = 1; i < argc; i++, first = 0) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) { fprintf(stderr, "head: %s: %s\n", argv[i], strerror(errno)); rc = 1; continue; }
    if (many) printf("%s==> %s <==\n", first ? "" : "\n", argv[i]);
    head(fd, n);
    close(fd);
  }
  return rc;
}
