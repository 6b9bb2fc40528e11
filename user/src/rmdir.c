/* rmdir — remove empty directories: `rmdir [-p] DIR...`; -p then removes each parent named in
 * DIR too (`rmdir -p a/b/c` removes a/b/c, a/b, a), stopping at the first that fails. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include "args.h"

int main(int argc, char **argv) {
  ARGS("rmdir", "[-p] DIR...");
  int c, parents = 0, rc = 0;
  while ((c = opt_next(argc, argv, "p")) != -1) parents = 1;
  if (opt_ind >= argc) bad_usage("missing operand");
  for (int i = opt_ind; i < argc; i++) {
    char *p = strdup(argv[i]);
    for (;;) {
      if (rmdir(p) < 0) { fprintf(stderr, "rmdir: %s: %s\n", p, strerror(errno)); rc = 1; break; }
      if (!parents) break;
      /* drop the last component (and the slashes before it) */
      size_t n = strlen(p);
      while (n > 0 && p[n - 1] == '/') n--;
      while (n > 0 && p[n - 1] != '/') n--;
      while (n > 0 && p[n - 1] == '/') n--;
      if (n == 0) break;
      p[n] = 0;
    }
    free(p);
  }
  return rc;
}
