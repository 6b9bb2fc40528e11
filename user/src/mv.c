/* mv — rename SRC to DST, or move SRC... into DIR. */
#include <errno.h>
#include "srcdst.h"

static int move(const char *src, const char *dst) {
  if (rename(src, dst) == 0) return 0;
  fprintf(stderr, "mv: %s: %s\n", src, strerror(errno));
  return 1;
}

int main(int argc, char **argv) { return each_source("mv", argc, argv, move); }
