/* fileargs.h — what head and tail share: the `-n N`, `-nN`, `-N` line-count option (strict: `-n
 * abc` is a usage error; a sign is kept for head -n -N and tail -n +N) and the walk over FILE
 * arguments (stdin when there are none, or for "-") with a `==> NAME <==` heading before each of
 * several. Header-only (two small static functions), so each program stays one .c file. */
#ifndef FILEARGS_H
#define FILEARGS_H
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include "args.h"

/* Parse the leading options into *n and *sign ('-', '+' or 0 as written); returns the index of
 * the first FILE. */
static int line_count_option(int argc, char **argv, long *n, char *sign) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    const char *v;
    if (!strcmp(argv[i], "--")) { i++; break; }
    if (!strcmp(argv[i], "-n")) {
      if (i + 1 >= argc) bad_usage("option '-n' needs an argument");
      v = argv[++i];
    } else if (!strncmp(argv[i], "-n", 2)) v = argv[i] + 2;
    else if (argv[i][1] >= '0' && argv[i][1] <= '9') v = argv[i] + 1;
    else if (!strcmp(argv[i], "--help")) { printf("usage: %s %s\n", prog_name, prog_usage); exit(0); }
    else bad_usage("unknown option '%s'", argv[i]);
    *sign = *v == '-' || *v == '+' ? *v : 0;
    long k;
    if (!parse_long(v, &k)) bad_usage("invalid number of lines: '%s'", v);
    *n = k < 0 ? -k : k;
  }
  return i;
}

/* fn(fd, name) on stdin when argv[i..] is empty, else on each FILE in turn (a message for one that
 * does not open); 1 when any failed, else 0. */
static int for_each_file(int argc, char **argv, int i, int (*fn)(int, const char *)) {
  if (i == argc) return fn(0, "standard input");
  int rc = 0, many = argc - i > 1;
  for (int first = 1; i < argc; i++, first = 0) {
    int fd = strcmp(argv[i], "-") ? open(argv[i], O_RDONLY) : 0;
    if (fd < 0) { fprintf(stderr, "%s: %s: %s\n", prog_name, argv[i], strerror(errno)); rc = 1; continue; }
    if (many) printf("%s==> %s <==\n", first ? "" : "\n", strcmp(argv[i], "-") ? argv[i] : "standard input");
    rc |= fn(fd, argv[i]);
    if (fd) close(fd);
  }
  return rc;
}

/* The whole of fd in memory (malloc'd, *len bytes); NULL after a message on a read error. */
static char *slurp_fd(int fd, const char *name, size_t *len) {
  char *data = 0;
  size_t cap = 0;
  *len = 0;
  for (;;) {
    if (*len + 4096 > cap) {
      cap = cap ? cap * 2 : 8192;
      char *d = realloc(data, cap);
      if (!d) { free(data); fprintf(stderr, "%s: out of memory\n", prog_name); return 0; }
      data = d;
    }
    ssize_t r = read(fd, data + *len, 4096);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) { fprintf(stderr, "%s: %s: %s\n", prog_name, name, strerror(errno)); free(data); return 0; }
    if (r == 0) return data;
    *len += (size_t)r;
  }
}
#endif
