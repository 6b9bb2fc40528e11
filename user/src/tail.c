/* tail — print the last N (default 10) lines of each FILE or stdin; -n N or -N; -n +N prints from
 * line N on. */
#include "fileargs.h"

static long count = 10;
static char sign;

/* Keep the whole input in memory (our files are small), then print from the N-th last newline. */
static int tail(int fd, const char *name) {
  size_t len;
  char *data = slurp_fd(fd, name, &len);
  if (!data) return 1;
  size_t start = 0;
  if (sign == '+') {
    for (long line = 1; line < count && start < len; start++)
      if (data[start] == '\n') line++;
  } else {
    start = len;
    long lines = 0;
    if (start > 0 && data[start - 1] == '\n') start--;
    while (start > 0) {
      if (data[start - 1] == '\n' && ++lines == count) break;
      start--;
    }
    if (count == 0) start = len;
  }
  fwrite(data + start, 1, len - start, stdout);
  free(data);
  return 0;
}

int main(int argc, char **argv) {
  ARGS("tail", "[-n [+]N | -N] [FILE...]");
  int i = line_count_option(argc, argv, &count, &sign);
  return for_each_file(argc, argv, i, tail);
}
