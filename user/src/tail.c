/* tail — print the last N (default 10) lines of a FILE or stdin; -n N or -N. */
#include "fileargs.h"

/* Keep the whole input in memory (our files are small), then print from the N-th last newline. */
static int tail(int fd, long n, const char *name) {
  char *data = 0;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len + 4096 > cap) { cap = cap ? cap * 2 : 8192; data = realloc(data, cap); if (!data) { fprintf(stderr, "tail: out of memory\n"); return 1; } }
    ssize_t r = read(fd, data + len, 4096);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) { fprintf(stderr, "tail: %s: %s\n", name, strerror(errno)); return 1; }
    if (r == 0) break;
    len += (size_t)r;
  }
  size_t start = len;
  long lines = 0;
  if (start > 0 && data[start - 1] == '\n') start--;
  while (start > 0) {
    if (data[start - 1] == '\n' && ++lines == n) break;
    start--;
  }
  if (n == 0) start = len;
  fwrite(data + start, 1, len - start, stdout);
  free(data);
  return 0;
}

int main(int argc, char **argv) {
  long n = 10;
  int i = line_count_option(argc, argv, &n);
  return for_each_file("tail", argc, argv, i, n, tail);
}
