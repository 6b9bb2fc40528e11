/* basename — the last component of each NAME, less a SUFFIX: basename NAME [SUFFIX],
 * basename -a NAME..., basename -s SUFFIX NAME... (POSIX, with GNU's -a and -s). */
#include "args.h"

static void base(const char *s, const char *suffix) {
  size_t l = strlen(s);
  while (l > 1 && s[l - 1] == '/') l--;
  if (l == 1 && s[0] == '/') { puts("/"); return; }
  size_t b = l;
  while (b > 0 && s[b - 1] != '/') b--;
  size_t n = l - b, sl = suffix ? strlen(suffix) : 0;
  if (sl && sl < n && !strncmp(s + l - sl, suffix, sl)) n -= sl;
  fwrite(s + b, 1, n, stdout);
  putchar('\n');
}

int main(int argc, char **argv) {
  ARGS("basename", "NAME [SUFFIX] | basename -a [-s SUFFIX] NAME...");
  const char *suffix = 0;
  int all = 0, c;
  while ((c = opt_next(argc, argv, "as:")) != -1) {
    if (c == 'a') all = 1;
    else suffix = opt_arg, all = 1;
  }
  int n = argc - opt_ind;
  if (n < 1) bad_usage("missing operand");
  if (!all) {
    if (n > 2) bad_usage("extra operand '%s'", argv[opt_ind + 2]);
    base(argv[opt_ind], n == 2 ? argv[opt_ind + 1] : 0);
    return 0;
  }
  for (int i = opt_ind; i < argc; i++) base(argv[i], suffix);
  return 0;
}
