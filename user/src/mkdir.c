/* mkdir — create directories; -p: create parents, no error if existing. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>

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
  int parents = 0, rc = 0, i = 1;
  if (i < argc && !strcmp(argv[i], "-p")) { parents = 1; i++; }
  if (i >= argc) { fprintf(stderr, "usage: mkdir [-p] DIR...\n"); return 1; }
  for (; i < argc; i++) rc |= make(argv[i], parents);
  return rc;
}
