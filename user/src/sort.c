/* sort — sort lines of the FILEs (or stdin): -r reverse, -n numeric (leading number), -u unique. */
#include <errno.h>
#include "args.h"

static int opt_r, opt_n, opt_u;

static int cmp(const void *a, const void *b) {
  const char *x = *(char *const *)a, *y = *(char *const *)b;
  int c;
  if (opt_n) {
    long long u = strtoll(x, 0, 10), v = strtoll(y, 0, 10);
    c = u < v ? -1 : u > v ? 1 : strcmp(x, y);
  } else c = strcmp(x, y);
  return opt_r ? -c : c;
}
static int read_lines(FILE *f, char ***lines, int *n) {
  char *line = 0;
  size_t cap = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, f)) >= 0) {
    if (len > 0 && line[len - 1] == '\n') line[len - 1] = 0;
    *lines = realloc(*lines, sizeof(char *) * (size_t)(*n + 1));
    if (!*lines) { fprintf(stderr, "sort: out of memory\n"); return -1; }
    (*lines)[(*n)++] = strdup(line);
  }
  free(line);
  return 0;
}

int main(int argc, char **argv) {
  ARGS("sort", "[-rnu] [FILE...]");
  int rc = 0, n = 0, c;
  while ((c = opt_next(argc, argv, "rnu")) != -1) {
    if (c == 'r') opt_r = 1;
    else if (c == 'n') opt_n = 1;
    else opt_u = 1;
  }
  int i = opt_ind;
  char **lines = 0;
  if (i == argc && read_lines(stdin, &lines, &n) < 0) return 2;
  for (; i < argc; i++) {
    FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "r") : stdin;
    if (!f) { fprintf(stderr, "sort: %s: %s\n", argv[i], strerror(errno)); rc = 2; continue; }
    if (read_lines(f, &lines, &n) < 0) return 2;
    if (f != stdin) fclose(f);
  }
  qsort(lines, (size_t)n, sizeof(char *), cmp);
  for (int k = 0; k < n; k++) {
    if (opt_u && k > 0 && cmp(&lines[k - 1], &lines[k]) == 0) continue;
    printf("%s\n", lines[k]);
  }
  return rc;
}
