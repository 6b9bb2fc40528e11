/* srcdst.h — what cp and mv share: the `PROG SRC DST` / `PROG SRC... DIR` argument forms.
 * Header-only (one small static function), so each program stays one .c file. */
#ifndef SRCDST_H
#define SRCDST_H
#include <sys/stat.h>
#include "args.h"

/* fn(src, target) for each SRC: target is DST, or DIR/basename(SRC) when the last argument is a
 * directory (which it must be for several SRCs). Returns 1 on a usage error or when any fn
 * returned nonzero, else 0. */
static int each_source(const char *prog, int argc, char **argv, int (*fn)(const char *, const char *)) {
  static char use[64];
  snprintf(use, sizeof use, "SRC DST | %s SRC... DIR", prog);
  args_init(prog, use, argc, argv);
  while (opt_next(argc, argv, "") != -1) {}
  argc -= opt_ind - 1;
  argv += opt_ind - 1;
  if (argc < 3) bad_usage(argc < 2 ? "missing file operand" : "missing destination operand after '%s'", argv[1]);
  struct stat st;
  const char *dst = argv[argc - 1];
  int isdir = stat(dst, &st) == 0 && S_ISDIR(st.st_mode);
  if (argc > 3 && !isdir) { fprintf(stderr, "%s: %s: not a directory\n", prog, dst); return 1; }
  int rc = 0;
  for (int i = 1; i < argc - 1; i++) {
    char path[512];
    const char *to = dst;
    if (isdir) {
      const char *base = strrchr(argv[i], '/');
      snprintf(path, sizeof path, "%s/%s", dst, base ? base + 1 : argv[i]);
      to = path;
    }
    rc |= fn(argv[i], to);
  }
  return rc;
}
#endif
