/* head — print the first N (default 10) lines of each FILE or stdin; -n N or -N; -n -N prints all
 * but the last N lines (as GNU head). */
#include "fileargs.h"

static long count = 10;
static char sign;

/* Reads buffered but stops as soon as N lines are out, so a pipe writer gets SIGPIPE. */
static int head(int fd, const char *name) {
  if (sign == '-') {
    size_t len;
    char *data = slurp_fd(fd, name, &len);
    if (!data) return 1;
    /* lines in all (a last line without '\n' counts), then the end of the first (all - N) */
    long all = 0;
    for (size_t k = 0; k < len; k++) if (data[k] == '\n') all++;
    if (len > 0 && data[len - 1] != '\n') all++;
    size_t end = 0;
    for (long keep = all - count; keep > 0 && end < len; end++)
      if (data[end] == '\n') keep--;
    fwrite(data, 1, end, stdout);
    free(data);
    fflush(stdout);
    return 0;
  }
  static char buf[4096];
  long lines = 0;
  while (lines < count) {
    ssize_t r = read(fd, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) { fprintf(stderr, "head: %s: %s\n", name, strerror(errno)); return 1; }
    if (r == 0) break;
    ssize_t k = 0;
    while (k < r && lines < count) if (buf[k++] == '\n') lines++;
    fwrite(buf, 1, (size_t)k, stdout);
  }
  fflush(stdout);
  return 0;
}

int main(int argc, char **argv) {
  ARGS("head", "[-n [-]N | -N] [FILE...]");
  int i = line_count_option(argc, argv, &count, &sign);
  return for_each_file(argc, argv, i, head);
}
