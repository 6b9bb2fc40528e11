/* printf — POSIX printf(1): FORMAT with the conversions %b %c %d %i %o %s %u %x %X %e %E %f %F %g
 * %G %%, flags `- + space # 0`, width and precision (numbers or `*`), the escapes \\ \a \b \f \n
 * \r \t \v \NNN \xHH and \c (stop) in FORMAT and in %b's argument (there also \0NNN). The format is
 * used again while arguments remain; missing ones count as "" or 0. A numeric argument is a C
 * constant (0x1f, 017, -3) or 'c / "c (the character's code); one that is not prints a message,
 * counts what it could read, and the exit status becomes 1 (as GNU's). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <ctype.h>
#include "args.h"

static char **args;
static int nargs, argi, status;

static const char *next_arg(void) { return argi < nargs ? args[argi++] : 0; }

/* One escape after the backslash at *p (p points past it); returns the byte, -1 for \c, or
 * 256 + c for an unknown \c (printed as written).
 * b: %b's rules (\0NNN; the octal digits count after the 0). */
static int escape(const char **pp, int b) {
  const char *p = *pp;
  int c = *p++;
  switch (c) {
    case 'a': c = 7; break;
    case 'b': c = 8; break;
    case 'f': c = 12; break;
    case 'n': c = 10; break;
    case 'r': c = 13; break;
    case 't': c = 9; break;
    case 'v': c = 11; break;
    case '\\': c = '\\'; break;
    case 'c': *pp = p; return -1;
    case 'x':
      /* \xHH (GNU, not POSIX): one or two hex digits */
      if (!isxdigit((unsigned char)*p)) { c += 256; break; }
      c = 0;
      for (int n = 0; n < 2 && isxdigit((unsigned char)*p); n++, p++) c = c * 16 + (isdigit((unsigned char)*p) ? *p - '0' : (*p | 32) - 'a' + 10);
      break;
    case 0: p--; c = '\\'; break;
    default:
      if (c >= '0' && c <= '7') {
        int v = c - '0', n = 1;
        if (b && c == '0') { v = 0; n = 0; }
        for (; n < 3 && *p >= '0' && *p <= '7'; n++) v = v * 8 + (*p++ - '0');
        c = v & 255;
      } else {
        /* an unknown escape stays as written: 256 + c means "\\ then c" */
        c += 256;
      }
  }
  *pp = p;
  return c;
}

/* A numeric argument: C integer constant or 'c; a message and status 1 for junk. */
static long long num_arg(const char *a, int is_unsigned) {
  if (!a) return 0;
  if (*a == '\'' || *a == '"') return (unsigned char)a[1];
  char *end;
  errno = 0;
  long long v;
  if (is_unsigned && *a != '-') v = (long long)strtoull(a, &end, 0);
  else v = strtoll(a, &end, 0);
  fflush(stdout); /* messages come out where the value goes, as GNU's */
  if (end == a || *end) {
    fprintf(stderr, "printf: '%s': %s\n", a, end == a ? "expected a numeric value" : "value not completely converted");
    status = 1;
  } else if (errno == ERANGE) {
    fprintf(stderr, "printf: '%s': Result too large\n", a);
    status = 1;
  }
  return v;
}
static double float_arg(const char *a) {
  if (!a) return 0;
  if (*a == '\'' || *a == '"') return (unsigned char)a[1];
  char *end;
  double v = strtod(a, &end);
  fflush(stdout);
  if (end == a || *end) {
    fprintf(stderr, "printf: '%s': %s\n", a, end == a ? "expected a numeric value" : "value not completely converted");
    status = 1;
  }
  return v;
}

static void pad(int n, char c) { while (n-- > 0) putchar(c); }

/* An integer conversion with its flags, done here (libc's printf has no `#` for integers). */
static void put_int(char conv, long long sv, const char *flags, int width, int prec) {
  int left = !!strchr(flags, '-'), zero = !!strchr(flags, '0'), plus = !!strchr(flags, '+'), space = !!strchr(flags, ' '), alt = !!strchr(flags, '#');
  unsigned long long v = (unsigned long long)sv;
  const char *prefix = "";
  if (conv == 'd' || conv == 'i') {
    if (sv < 0) { prefix = "-"; v = -(unsigned long long)sv; }
    else if (plus) prefix = "+";
    else if (space) prefix = " ";
  }
  int base = conv == 'o' ? 8 : conv == 'x' || conv == 'X' ? 16 : 10;
  const char *dig = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  char buf[80], *e = buf + sizeof buf, *q = e;
  if (v || prec != 0) do { *--q = dig[v % (unsigned)base]; v /= (unsigned)base; } while (v);
  while (prec >= 0 && e - q < prec) *--q = '0';
  if (alt && conv == 'o' && (q == e || *q != '0')) *--q = '0';
  if (alt && (conv == 'x' || conv == 'X') && sv != 0) prefix = conv == 'x' ? "0x" : "0X";
  int len = (int)(e - q) + (int)strlen(prefix);
  if (prec >= 0) zero = 0;
  if (!left && !zero) pad(width - len, ' ');
  fputs(prefix, stdout);
  if (!left && zero) pad(width - len, '0');
  fwrite(q, 1, (size_t)(e - q), stdout);
  if (left) pad(width - len, ' ');
}

/* One pass over the format; 1 when \c (or %b's \c) stopped the output. */
static int run_format(const char *f) {
  while (*f) {
    if (*f == '\\') {
      f++;
      int c = escape(&f, 0);
      if (c < 0) return 1;
      if (c > 255) putchar('\\');
      putchar(c & 255);
      continue;
    }
    if (*f != '%') { putchar(*f++); continue; }
    const char *start = f++;
    if (*f == '%') { putchar('%'); f++; continue; }
    char flags[8];
    int nf = 0;
    while (strchr("-+ #0", *f) && *f) { if (nf < 7) flags[nf++] = *f; f++; }
    flags[nf] = 0;
    int width = 0, prec = -1;
    if (*f == '*') { width = (int)num_arg(next_arg(), 0); f++; if (width < 0) { width = -width; if (nf < 7) { flags[nf++] = '-'; flags[nf] = 0; } } }
    else while (*f >= '0' && *f <= '9') width = width * 10 + (*f++ - '0');
    if (*f == '.') {
      f++;
      prec = 0;
      if (*f == '*') { prec = (int)num_arg(next_arg(), 0); f++; if (prec < 0) prec = -1; }
      else while (*f >= '0' && *f <= '9') prec = prec * 10 + (*f++ - '0');
    }
    while (*f == 'l' || *f == 'h' || *f == 'j' || *f == 'z' || *f == 't' || *f == 'L') f++;
    char conv = *f;
    if (!conv || !strchr("diouxXeEfFgGscb", conv)) {
      fflush(stdout);
      fprintf(stderr, "printf: %.*s: invalid conversion specification\n", (int)(f - start) + (conv != 0), start);
      status = 1;
      return 1;
    }
    f++;
    const char *a;
    char spec[40];
    switch (conv) {
      case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
        put_int(conv, num_arg(next_arg(), conv != 'd' && conv != 'i'), flags, width, prec);
        break;
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
        double v = float_arg(next_arg());
        snprintf(spec, sizeof spec, "%%%s*.*%c", flags, conv);
        printf(spec, width, prec < 0 ? 6 : prec, v);
        break;
      }
      case 's': case 'c':
        a = next_arg();
        if (!a) a = "";
        if (conv == 'c') { /* the first byte, NUL for an empty argument (as GNU) */
          int left = !!strchr(flags, '-');
          if (!left) pad(width - 1, ' ');
          putchar(a[0]);
          if (left) pad(width - 1, ' ');
        }
        else if (prec >= 0) { snprintf(spec, sizeof spec, "%%%s*.*s", flags); printf(spec, width, prec, a); }
        else { snprintf(spec, sizeof spec, "%%%s*s", flags); printf(spec, width, a); }
        break;
      case 'b': {
        a = next_arg();
        if (!a) a = "";
        /* the padding counts the expanded bytes, so expand into a buffer first */
        char *buf = malloc(2 * strlen(a) + 1);
        size_t blen = 0;
        int stop = 0;
        for (const char *s = a; *s;) {
          if (*s != '\\') { buf[blen++] = *s++; continue; }
          s++;
          int c = escape(&s, 1);
          if (c < 0) { stop = 1; break; }
          if (c > 255) buf[blen++] = '\\';
          buf[blen++] = (char)c;
        }
        size_t show = prec >= 0 && (size_t)prec < blen ? (size_t)prec : blen;
        int left = !!strchr(flags, '-');
        if (!left) pad(width - (int)show, ' ');
        fwrite(buf, 1, show, stdout);
        if (left) pad(width - (int)show, ' ');
        free(buf);
        if (stop) return 1;
        break;
      }
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  ARGS("printf", "FORMAT [ARGUMENT...]");
  int i = 1;
  if (i < argc && !strcmp(argv[i], "--")) i++;
  if (i >= argc) bad_usage("missing operand");
  const char *fmt = argv[i++];
  args = argv + i;
  nargs = argc - i;
  for (;;) {
    int before = argi;
    if (run_format(fmt)) break;
    if (argi >= nargs || argi == before) break;
  }
  fflush(stdout);
  return status;
}
