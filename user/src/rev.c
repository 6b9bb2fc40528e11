/* rev — each line of FILEs (or stdin) with its bytes in reverse order (the newline stays at the
 * end; a last line without one gets none). */
#include <stdio.h>
#include <unistd.h>
#include "fileargs.h"

static int rev_fd(int fd, const char *name) {
  size_t len;
  char *d = slurp_fd(fd, name, &len);
  if (!d) return 1;
  for (size_t s = 0; s < len;) {
    size_t e = s;
    while (e < len && d[e] != '\n') e++;
    for (size_t k = e; k > s; k--) putchar(d[k - 1]);
    if (e < len) putchar('\n');
    s = e + 1;
  }
  free(d);
  return 0;
}

int main(int argc, char **argv) {
  (void)line_count_option; /* fileargs.h: only slurp_fd is used here */
  (void)for_each_file;
  ARGS("rev", "[FILE...]");
  while (opt_next(argc, argv, "") != -1) {}
  int rc = 0;
  if (opt_ind == argc) return rev_fd(0, "standard input");
  for (int i = opt_ind; i < argc; i++) {
    int fd = strcmp(argv[i], "-") ? open(argv[i], O_RDONLY) : 0;
    if (fd < 0) { fprintf(stderr, "rev: %s: %s\n", argv[i], strerror(errno)); rc = 1; continue; }
    rc |= rev_fd(fd, argv[i]);
    if (fd) close(fd);
  }
  return rc;
}
