/* dirname — each NAME with its last component removed (POSIX: "dir/" → ".", "/a" → "/"). */
#include "args.h"

static void dir(const char *s) {
  size_t l = strlen(s);
  while (l > 1 && s[l - 1] == '/') l--;          /* trailing slashes */
  while (l > 0 && s[l - 1] != '/') l--;          /* the last component */
  if (l == 0) { puts("."); return; }
  while (l > 1 && s[l - 1] == '/') l--;          /* the slashes before it */
  fwrite(s, 1, l, stdout);
  putchar('\n');
}

int main(int argc, char **argv) {
  ARGS("dirname", "NAME...");
  while (opt_next(argc, argv, "") != -1) {}
  if (opt_ind >= argc) bad_usage("missing operand");
  for (int i = opt_ind; i < argc; i++) dir(argv[i]);
  return 0;
}
