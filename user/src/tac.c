/* tac — FILEs (or stdin) with their lines in reverse order, each file on its own (as GNU's: a
 * last line without a newline stays without one, so `printf 'a\nb' | tac` prints "ba\n"). */
#include <stdio.h>
#include <unistd.h>
#include "fileargs.h"

static int reverse(int fd, const char *name) {
  size_t len;
  char *d = slurp_fd(fd, name, &len);
  if (!d) return 1;
  size_t end = len;
  while (end > 0) {
    /* the record ending at end: back to just after the previous newline */
    size_t start = end - 1;
    while (start > 0 && d[start - 1] != '\n') start--;
    fwrite(d + start, 1, end - start, stdout);
    end = start;
  }
  free(d);
  return 0;
}

int main(int argc, char **argv) {
  (void)line_count_option; /* fileargs.h: only slurp_fd is used here */
  (void)for_each_file;
  ARGS("tac", "[FILE...]");
  while (opt_next(argc, argv, "") != -1) {}
  int rc = 0;
  if (opt_ind == argc) return reverse(0, "standard input");
  for (int i = opt_ind; i < argc; i++) {
    int fd = strcmp(argv[i], "-") ? open(argv[i], O_RDONLY) : 0;
    if (fd < 0) { fprintf(stderr, "tac: %s: %s\n", argv[i], strerror(errno)); rc = 1; continue; }
    rc |= reverse(fd, argv[i]);
    if (fd) close(fd);
  }
  return rc;
}
