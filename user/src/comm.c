/* comm — compare two sorted files: `comm [-123] FILE1 FILE2`. Column 1: lines only in FILE1,
 * column 2: only in FILE2 (after a tab), column 3: in both (after two tabs); -1 -2 -3 leave a
 * column out (and its tab). Byte order (C locale). An input out of order is reported once
 * (`comm: file N is not in sorted order`) and the status becomes 1, as GNU's. `-` is stdin. */
#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include "args.h"

static int hide[4], status, warned[3];
static char *prev[3];

static int next(FILE *f, int which, char **line, size_t *cap) {
  ssize_t n = getline(line, cap, f);
  if (n < 0) return 0;
  if (n > 0 && (*line)[n - 1] == '\n') (*line)[n - 1] = 0;
  if (prev[which] && strcmp(prev[which], *line) > 0 && !warned[which]) {
    fflush(stdout);
    fprintf(stderr, "comm: file %d is not in sorted order\n", which);
    warned[which] = 1;
    status = 1;
  }
  free(prev[which]);
  prev[which] = strdup(*line);
  return 1;
}
static void put(int col, const char *s) {
  if (hide[col]) return;
  for (int c = 1; c < col; c++) if (!hide[c]) putchar('\t');
  printf("%s\n", s);
}

int main(int argc, char **argv) {
  ARGS("comm", "[-123] FILE1 FILE2");
  int c;
  while ((c = opt_next(argc, argv, "123")) != -1) hide[c - '0'] = 1;
  if (argc - opt_ind != 2) bad_usage(argc - opt_ind < 2 ? "missing operand" : "extra operand '%s'", argv[argc - 1]);
  FILE *f[3];
  for (int i = 1; i <= 2; i++) {
    const char *n = argv[opt_ind + i - 1];
    f[i] = strcmp(n, "-") ? fopen(n, "r") : stdin;
    if (!f[i]) die(1, "%s: %s", n, strerror(errno));
  }
  char *a = 0, *b = 0;
  size_t ca = 0, cb = 0;
  int ha = next(f[1], 1, &a, &ca), hb = next(f[2], 2, &b, &cb);
  while (ha || hb) {
    int d = !ha ? 1 : !hb ? -1 : strcmp(a, b);
    if (d < 0) { put(1, a); ha = next(f[1], 1, &a, &ca); }
    else if (d > 0) { put(2, b); hb = next(f[2], 2, &b, &cb); }
    else { put(3, a); ha = next(f[1], 1, &a, &ca); hb = next(f[2], 2, &b, &cb); }
  }
  if (status) { fflush(stdout); fprintf(stderr, "comm: input is not in sorted order\n"); }
  return status;
}
