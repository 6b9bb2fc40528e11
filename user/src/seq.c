/* seq — print integers: seq LAST | seq FIRST LAST | seq FIRST STEP LAST. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  long long first = 1, step = 1, last;
  if (argc == 2) last = strtoll(argv[1], 0, 10);
  else if (argc == 3) { first = strtoll(argv[1], 0, 10); last = strtoll(argv[2], 0, 10); }
  else if (argc == 4) { first = strtoll(argv[1], 0, 10); step = strtoll(argv[2], 0, 10); last = strtoll(argv[3], 0, 10); }
  else { fprintf(stderr, "usage: seq [FIRST [STEP]] LAST\n"); return 1; }
  if (step == 0) { fprintf(stderr, "seq: step must not be 0\n"); return 1; }
  for (long long v = first; step > 0 ? v <= last : v >= last; v += step) printf("%lld\n", v);
  return 0;
}
