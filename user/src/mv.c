/* mv — rename SRC to DST, or move SRC... into DIR. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: mv SRC DST | mv SRC... DIR\n"); return 1; }
  struct stat st;
  const char *dst = argv[argc - 1];
  int isdir = stat(dst, &st) == 0 && S_ISDIR(st.st_mode);
  if (argc > 3 && !isdir) { fprintf(stderr, "mv: %s: not a directory\n", dst); return 1; }
  int rc = 0;
  for (int i = 1; i < argc - 1; i++) {
    char path[512];
    const char *to = dst;
    if (isdir) {
      const char *base = strrchr(argv[i], '/');
      snprintf(path, sizeof path, "%s/%s", dst, base ? base + 1 : argv[i]);
      to = path;
    }
    if (rename(argv[i], to) < 0) { fprintf(stderr, "mv: %s: %s\n", argv[i], strerror(errno)); rc = 1; }
  }
  return rc;
}
