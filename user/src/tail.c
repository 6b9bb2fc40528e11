/* tail — print the last N (default 10) lines of a FILE or stdin; -n N or -N. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

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
  int i = 1, rc = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    if (!strcmp(argv[i], "-n") && i + 1 < argc) n = atol(argv[++i]);
    else if (!strncmp(argv[i], "-n", 2)) n = atol(argv[i] + 2);
    else n = atol(argv[i] + 1);
  }
  if (i == argc) return tail(0, n, "stdin");
  int many = argc - i > 1;
  for (int first = 1; i < argc; i++, first = 0) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) { fprintf(stderr, "tail: %s: %s\n", argv[i], strerror(errno)); rc = 1; continue; }
    if (many) printf("%s==> %s <==\n", first ? "" : "\n", argv[i]);
    rc |= tail(fd, n, argv[i]);
    close(fd);
  }
  return rc;
}
