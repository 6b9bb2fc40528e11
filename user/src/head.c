/* head — print the first N (default 10) lines of each FILE or stdin; -n N or -N. */
#include "fileargs.h"

/* Reads byte-wise buffered but stops as soon as N lines are out, so a pipe writer gets SIGPIPE. */
static int head(int fd, long n, const char *name) {
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
  return 0;
}

int main(int argc, char **argv) {
  long n = 10;
  int i = line_count_option(argc, argv, &n);
  return for_each_file("head", argc, argv, i, n, head);
}
