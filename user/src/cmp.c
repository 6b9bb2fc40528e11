/* cmp — compare two files byte by byte: "A B differ: char N, line L" (POSIX; GNU says so in the C locale) at the first difference
 * (status 1), nothing when equal (0); -s silent, -l lists every differing byte (1-based offset,
 * octal values); "cmp: EOF on A after byte N" when one is a prefix of the other. "-" is stdin.
 * Trouble (a file that does not open) is status 2. */
#include <errno.h>
#include "args.h"

static FILE *open_in(const char *name) {
  FILE *f = strcmp(name, "-") ? fopen(name, "r") : stdin;
  if (!f) die(2, "%s: %s", name, strerror(errno));
  return f;
}

int main(int argc, char **argv) {
  ARGS("cmp", "[-l | -s] FILE1 [FILE2]");
  int silent = 0, list = 0, c;
  while ((c = opt_next(argc, argv, "ls")) != -1) {
    if (c == 's') silent = 1;
    else list = 1;
  }
  int n = argc - opt_ind;
  if (n < 1) bad_usage("missing operand");
  if (n > 2) bad_usage("extra operand '%s'", argv[opt_ind + 2]);
  const char *an = argv[opt_ind], *bn = n == 2 ? argv[opt_ind + 1] : "-";
  FILE *a = open_in(an), *b = open_in(bn);
  long long byte = 1, line = 1;
  int differ = 0, last = 0;
  for (;; byte++) {
    int x = fgetc(a), y = fgetc(b);
    if (x == EOF || y == EOF) {
      if (x == y) break;
      const char *shorter = x == EOF ? an : bn;
      if (silent) return 1;
      if (byte == 1) fprintf(stderr, "cmp: EOF on %s which is empty\n", shorter);
      else if (list) fprintf(stderr, "cmp: EOF on %s after byte %lld\n", shorter, byte - 1);
      else if (last == '\n') fprintf(stderr, "cmp: EOF on %s after byte %lld, line %lld\n", shorter, byte - 1, line - 1);
      else fprintf(stderr, "cmp: EOF on %s after byte %lld, in line %lld\n", shorter, byte - 1, line);
      return 1;
    }
    if (x != y) {
      differ = 1;
      if (silent) return 1;
      if (!list) { printf("%s %s differ: char %lld, line %lld\n", an, bn, byte, line); return 1; }
      printf("%lld %3o %3o\n", byte, x, y);
    }
    if (x == '\n') line++;
    last = x;
  }
  return differ;
}
