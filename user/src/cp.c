/* cp — copy SRC to DST, or SRC... into DIR. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <sys/stat.h>

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

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: cp SRC DST | cp SRC... DIR\n"); return 1; }
  struct stat st;
  const char *dst = argv[argc - 1];
  int isdir = stat(dst, &st) == 0 && S_ISDIR(st.st_mode);
  if (argc > 3 && !isdir) { fprintf(stderr, "cp: %s: not a directory\n", dst); return 1; }
  int rc = 0;
  for (int i = 1; i < argc - 1; i++) {
    if (!isdir) { rc |= copy(argv[i], dst); continue; }
    const char *base = strrchr(argv[i], '/');
    base = base ? base + 1 : argv[i];
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dst, base);
    rc |= copy(argv[i], path);
  }
  return rc;
}
