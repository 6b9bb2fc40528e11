/* mkdir — create directories; -p: create parents, no error if existing. */
#include <errno.h>
#include <sys/stat.h>
#include "args.h"

static int make(char *path, int parents) {
  if (parents) {
    for (char *p = path + 1; *p; p++) {
      if (*p != '/') continue;
      *p = 0;
      int r = mkdir(path, 0777);
      *p = '/';
      if (r < 0 && errno != EEXIST) { fprintf(stderr, "mkdir: %s: %s\n", path, strerror(errno)); return 1; }
    }
  }
  if (mkdir(path, 0777) < 0 && !(parents && errno == EEXIST)) {
    fprintf(stderr, "mkdir: %s: %s\n", path, strerror(errno));
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  ARGS("mkdir", "[-p] DIR...");
  int parents = 0, rc = 0, c;
  while ((c = opt_next(argc, argv, "p")) != -1) parents = 1;
  if (opt_ind >= argc) bad_usage("missing operand");
  for (int i = opt_ind; i < argc; i++) rc |= make(argv[i], parents);
  return rc;
}
