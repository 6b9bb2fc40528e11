/* cp — copy SRC to DST, or SRC... into DIR. */
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include "srcdst.h"

static int copy(const char *src, const char *dst) {
  int in = open(src, O_RDONLY);
  if (in < 0) { fprintf(stderr, "cp: %s: %s\n", src, strerror(errno)); return 1; }
  struct stat st;
  if (fstat(in, &st) == 0 && S_ISDIR(st.st_mode)) { fprintf(stderr, "cp: %s: is a directory\n", src); close(in); return 1; }
  int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (out < 0) { fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno)); close(in); return 1; }
  static char buf[4096];
  ssize_t n;
  int rc = 0;
  while ((n = read(in, buf, sizeof buf)) > 0)
    if (write(out, buf, (size_t)n) != n) { fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno)); rc = 1; break; }
  if (n < 0) { fprintf(stderr, "cp: %s: %s\n", src, strerror(errno)); rc = 1; }
  close(in);
  close(out);
  return rc;
}

int main(int argc, char **argv) { return each_source("cp", argc, argv, copy); }
