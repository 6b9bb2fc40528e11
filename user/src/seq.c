/* seq — print integers: seq LAST | seq FIRST LAST | seq FIRST STEP LAST; -s SEP between numbers,
 * -w pads with zeros to equal width. Operands must be integers (`seq a` is a usage error). */
#include "args.h"

static long long num(const char *s) {
  long v;
  if (!parse_long(s, &v)) bad_usage("invalid integer argument: '%s'", s);
  return v;
}

int main(int argc, char **argv) {
  ARGS("seq", "[-w] [-s SEP] [FIRST [STEP]] LAST");
  const char *sep = "\n";
  int wide = 0, c;
  /* a negative number is an operand, not an option */
  while (opt_ind < argc && !(argv[opt_ind][0] == '-' && argv[opt_ind][1] >= '0' && argv[opt_ind][1] <= '9') &&
         (c = opt_next(argc, argv, "ws:")) != -1) {
    if (c == 'w') wide = 1;
    else sep = opt_arg;
  }
  int n = argc - opt_ind;
  char **a = argv + opt_ind;
  long long first = 1, step = 1, last;
  if (n == 1) last = num(a[0]);
  else if (n == 2) { first = num(a[0]); last = num(a[1]); }
  else if (n == 3) { first = num(a[0]); step = num(a[1]); last = num(a[2]); }
  else bad_usage(n ? "extra operand" : "missing operand");
  if (step == 0) bad_usage("invalid zero increment");
  int width = 0;
  if (wide) {
    char t[32];
    int w1 = snprintf(t, sizeof t, "%lld", first), w2 = snprintf(t, sizeof t, "%lld", last);
    width = w1 > w2 ? w1 : w2;
  }
  int any = 0;
  for (long long v = first; step > 0 ? v <= last : v >= last; v += step) {
    if (any) fputs(sep, stdout);
    if (width) printf("%0*lld", width, v);
    else printf("%lld", v);
    any = 1;
  }
  if (any) putchar('\n');
  return 0;
}
