/* od — dump files in octal and other formats, 16 bytes a line with the offset first:
 *   -A d|o|x|n  offset radix (default octal)   -t TYPE  o1 o2 x1 x2 d1 d2 u1 u2 c (default o2)
 *   -b = -t o1   -c = -t c   -x = -t x2   -d = -t u2   -v shows repeated lines ("*" otherwise)
 * Several -t give several rows per line. Words are little-endian, as on the machine. */
#include <errno.h>
#include "args.h"

typedef struct { char kind; int size; } Fmt;
static Fmt fmts[8];
static int nfmt;
static char radix = 'o';

static void add_fmt(const char *t) {
  while (*t) {
    char k = *t++;
    int size = 1;
    if (k == 'c' || k == 'a') size = 1;
    else if (k == 'o' || k == 'x' || k == 'd' || k == 'u') {
      size = 2;
      if (*t >= '0' && *t <= '9') size = (int)strtol(t, (char **)&t, 10);
      else if (*t == 'C') size = 1, t++;
      else if (*t == 'S') size = 2, t++;
      else if (*t == 'I' || *t == 'L') size = 4, t++;
      if (size != 1 && size != 2 && size != 4) bad_usage("invalid type size %d", size);
    } else bad_usage("invalid type string '%c'", k);
    if (nfmt == 8) bad_usage("too many types");
    fmts[nfmt++] = (Fmt){k, size};
  }
}

static void offset(long long off) {
  if (radix == 'd') printf("%07lld", off);
  else if (radix == 'x') printf("%06llx", off);
  else if (radix == 'o') printf("%07llo", off);
}

static void row(const unsigned char *b, int n, Fmt f) {
  static const char *const names[] = {"nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel", "bs", "ht", "nl", "vt", "ff", "cr", "so", "si",
                                      "dle", "dc1", "dc2", "dc3", "dc4", "nak", "syn", "etb", "can", "em", "sub", "esc", "fs", "gs", "rs", "us"};
  for (int i = 0; i < n; i += f.size) {
    unsigned long v = 0;
    for (int k = f.size - 1; k >= 0; k--) v = (v << 8) | (i + k < n ? b[i + k] : 0);
    switch (f.kind) {
    case 'c': {
      int c = b[i];
      const char *e = c == 0 ? "\\0" : c == 7 ? "\\a" : c == 8 ? "\\b" : c == 12 ? "\\f" : c == 10 ? "\\n" : c == 13 ? "\\r" : c == 9 ? "\\t" : c == 11 ? "\\v" : 0;
      if (e) printf("  %s", e);
      else if (c >= 32 && c < 127) printf("   %c", c);
      else printf(" %03o", c);
      break;
    }
    case 'a': {
      int c = b[i] & 0x7f;
      if (c < 32) printf(" %3s", names[c]);
      else if (c == 32) printf("  sp");
      else if (c == 127) printf(" del");
      else printf("   %c", c);
      break;
    }
    case 'o': printf(f.size == 1 ? " %03lo" : f.size == 2 ? " %06lo" : " %011lo", v); break;
    case 'x': printf(f.size == 1 ? " %02lx" : f.size == 2 ? " %04lx" : " %08lx", v); break;
    case 'u': printf(f.size == 1 ? " %3lu" : f.size == 2 ? " %5lu" : " %10lu", v); break;
    case 'd': {
      long s = f.size == 1 ? (signed char)v : f.size == 2 ? (short)v : (long)v;
      printf(f.size == 1 ? " %4ld" : f.size == 2 ? " %6ld" : " %11ld", s);
      break;
    }
    }
  }
  putchar('\n');
}

int main(int argc, char **argv) {
  ARGS("od", "[-bcdvx] [-A d|o|x|n] [-t TYPE] [FILE...]");
  int all = 0, c;
  while ((c = opt_next(argc, argv, "A:t:bcdxv")) != -1) {
    if (c == 'A') {
      if (strlen(opt_arg) != 1 || !strchr("doxn", opt_arg[0])) bad_usage("invalid output address radix '%s'", opt_arg);
      radix = opt_arg[0];
    } else if (c == 't') add_fmt(opt_arg);
    else if (c == 'b') add_fmt("o1");
    else if (c == 'c') add_fmt("c");
    else if (c == 'd') add_fmt("u2");
    else if (c == 'x') add_fmt("x2");
    else all = 1;
  }
  if (!nfmt) add_fmt("o2");
  unsigned char cur[16], prev[16];
  int have_prev = 0, starred = 0, rc = 0, n = 0;
  long long off = 0;
  int i = opt_ind;
  do {
    const char *name = i < argc ? argv[i] : "-";
    FILE *f = strcmp(name, "-") ? fopen(name, "r") : stdin;
    if (!f) { fprintf(stderr, "od: %s: %s\n", name, strerror(errno)); rc = 1; continue; }
    int ch;
    while ((ch = fgetc(f)) != EOF) {
      cur[n++] = (unsigned char)ch;
      if (n < 16) continue;
      if (!all && have_prev && !memcmp(cur, prev, 16)) {
        if (!starred) printf("*\n");
        starred = 1;
      } else {
        starred = 0;
        for (int k = 0; k < nfmt; k++) {
          if (k == 0) offset(off);
          else if (radix != 'n') printf("%*s", radix == 'x' ? 6 : 7, "");
          row(cur, 16, fmts[k]);
        }
      }
      memcpy(prev, cur, 16);
      have_prev = 1;
      off += 16;
      n = 0;
    }
    if (f != stdin) fclose(f);
  } while (++i < argc);
  if (n) {
    for (int k = 0; k < nfmt; k++) {
      if (k == 0) offset(off);
      else if (radix != 'n') printf("%*s", radix == 'x' ? 6 : 7, "");
      row(cur, n, fmts[k]);
    }
    off += n;
  }
  if (radix != 'n') { offset(off); putchar('\n'); }
  return rc;
}
