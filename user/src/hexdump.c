/* hexdump — bytes in hex: -C the canonical form (offset, 16 bytes in two groups of eight, then
 * the printable characters between bars), or by default 16-bit little-endian words as
 * `hexdump` prints them; -v shows repeated lines ("*" otherwise). */
#include <errno.h>
#include "args.h"

static int canonical;

static void line(long long off, const unsigned char *b, int n) {
  if (canonical) {
    printf("%08llx ", off);
    for (int i = 0; i < 16; i++) {
      if (i == 8) putchar(' ');
      if (i < n) printf(" %02x", b[i]);
      else printf("   ");
    }
    printf("  |");
    for (int i = 0; i < n; i++) putchar(b[i] >= 32 && b[i] < 127 ? b[i] : '.');
    printf("|\n");
  } else {
    printf("%07llx", off);
    for (int i = 0; i < n; i += 2) printf(" %04x", b[i] | (i + 1 < n ? b[i + 1] << 8 : 0));
    putchar('\n');
  }
}

int main(int argc, char **argv) {
  ARGS("hexdump", "[-Cv] [FILE...]");
  int all = 0, c;
  while ((c = opt_next(argc, argv, "Cv")) != -1) {
    if (c == 'C') canonical = 1;
    else all = 1;
  }
  unsigned char cur[16], prev[16];
  int have_prev = 0, starred = 0, rc = 0, n = 0;
  long long off = 0;
  int i = opt_ind;
  do {
    const char *name = i < argc ? argv[i] : "-";
    FILE *f = strcmp(name, "-") ? fopen(name, "r") : stdin;
    if (!f) { fprintf(stderr, "hexdump: %s: %s\n", name, strerror(errno)); rc = 1; continue; }
    int ch;
    while ((ch = fgetc(f)) != EOF) {
      cur[n++] = (unsigned char)ch;
      if (n < 16) continue;
      if (!all && have_prev && !memcmp(cur, prev, 16)) {
        if (!starred) printf("*\n");
        starred = 1;
      } else {
        starred = 0;
        line(off, cur, 16);
      }
      memcpy(prev, cur, 16);
      have_prev = 1;
      off += 16;
      n = 0;
    }
    if (f != stdin) fclose(f);
  } while (++i < argc);
  if (n) line(off, cur, n);
  off += n;
  if (off) printf(canonical ? "%08llx\n" : "%07llx\n", off);
  return rc;
}
