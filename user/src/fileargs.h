/* fileargs.h — what head and tail share: the `-n N`, `-nN`, `-N` line-count option and the walk
 * over FILE arguments (stdin when there are none) with a `==> NAME <==` heading before each of
 * several. Header-only (two small static functions), so each program stays one .c file. */
#ifndef FILEARGS_H
#define FILEARGS_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

/* Parse the leading options -n N, -nN and -N into *n; returns the index of the first FILE. */
static int line_count_option(int argc, char **argv, long *n) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    if (!strcmp(argv[i], "-n") && i + 1 < argc) *n = atol(argv[++i]);
    else if (!strncmp(argv[i], "-n", 2)) *n = atol(argv[i] + 2);
    else *n = atol(argv[i] + 1);
  }
  return i;
}

/* fn(fd, n, name) on stdin when argv[i..] is empty, else on each FILE in turn (a message naming
 * prog for one that does not open); 1 when any failed, else 0. */
static int for_each_file(const char *prog, int argc, char **argv, int i, long n, int (*fn)(int, long, const char *)) {
  if (i == argc) return fn(0, n, "stdin");
  int rc = 0, many = argc - i > 1;
  for (int first = 1; i < argc; i++, first = 0) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) { fprintf(stderr, "%s: %s: %s\n", prog, argv[i], strerror(errno)); rc = 1; continue; }
    if (many) printf("%s==> %s <==\n", first ? "" : "\n", argv[i]);
    rc |= fn(fd, n, argv[i]);
    close(fd);
  }
  return rc;
}
#endif
