/* scanf.c — the scanf family: one scanner over a character source (a string, or a FILE through
 * fgetc/ungetc) that reads with one character of lookahead and gives that character back when a
 * field ends, so later reads of the FILE see it. Conversions: %d %i %u %o %x %X %c %s %[...] %n
 * %p %a %e %f %g (and upper case) %%, widths, '*' suppression, the length modifiers hh h l ll
 * j z t L q, XSI's "%n$" positions and POSIX's 'm' (the string allocated with malloc). Numbers are collected as the longest text that can start a number and converted by
 * strtoull / strtod; as glibc, a field that strtod or strtoull accepts only in part ("1e+", "0x")
 * converts what it accepts (the rest has been read). */
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>

typedef struct {
  FILE *f;           /* the FILE read, or 0 for a string */
  const char *s;     /* the string's next character */
  long count;        /* characters consumed (for %n) */
  int eof;           /* the source ran out */
} Src;

static int get(Src *in) {
  int c;
  if (in->f) c = fgetc(in->f);
  else c = *in->s ? (unsigned char)*in->s++ : EOF;
  if (c == EOF) in->eof = 1;
  else in->count++;
  return c;
}
static void unget(Src *in, int c) {
  if (c == EOF) return;
  in->count--;
  if (in->f) ungetc(c, in->f);
  else in->s--;
}

/* Store an integer through the pointer the length modifier names. */
static void store_int(void *p, int size, unsigned long long v) {
  switch (size) {
    case -2: *(signed char *)p = (signed char)v; break;
    case -1: *(short *)p = (short)v; break;
    case 2: case 3: *(long long *)p = (long long)v; break;
    case 1: *(long *)p = (long)v; break;
    default: *(int *)p = (int)v; break;
  }
}

/* The n-th (from 1) argument for "%n$": every scanf argument is a pointer. */
static void *nth_arg(va_list ap0, int n) {
  va_list ap;
  va_copy(ap, ap0);
  void *p = 0;
  while (n-- > 0) p = va_arg(ap, void *);
  va_end(ap);
  return p;
}

/* long double is IEEE binary128 on RV32: widen the double exactly (the library has no long
 * double arithmetic; the value read is rounded to double first). */
static void store_quad(void *p, double d) {
  unsigned long long u, hi, lo;
  memcpy(&u, &d, 8);
  unsigned long long sign = u >> 63, frac = u & 0xfffffffffffffULL;
  int ex = (int)((u >> 52) & 0x7ff);
  if (ex == 0 && frac) { /* subnormal: normalize, binary128 has the range */
    int s = __builtin_clzll(frac) - 11;
    frac = (frac << s) & 0xfffffffffffffULL;
    ex = 1 - s;
  }
  int qe = ex == 0 ? 0 : ex == 0x7ff ? 0x7fff : ex - 1023 + 16383;
  hi = sign << 63 | (unsigned long long)qe << 48 | frac >> 4;
  lo = frac << 60;
  memcpy(p, &lo, 8); /* little-endian: the low half first */
  memcpy((char *)p + 8, &hi, 8);
}

#define FIELD 400 /* longest number text kept; longer digit runs still parse, as their sign and size */

/* Collect an integer's text (sign, 0x prefix for base 16 or 0, digits) into buf. */
static int scan_int_text(Src *in, int width, int *base, char *buf) {
  int n = 0, c = get(in);
  if ((c == '+' || c == '-') && n < width) { buf[n++] = (char)c; c = get(in); }
  if (c == '0' && n < width && (*base == 0 || *base == 16)) {
    buf[n++] = '0';
    c = get(in);
    if ((c == 'x' || c == 'X') && n < width) { buf[n++] = (char)c; c = get(in); *base = 16; }
    else if (*base == 0) *base = 8;
  }
  if (*base == 0) *base = 10;
  while (n < width && c != EOF) {
    int ok = *base == 16 ? isxdigit(c) : *base == 8 ? (c >= '0' && c <= '7') : isdigit(c);
    if (!ok) break;
    if (n < FIELD) buf[n++] = (char)c;
    else { buf[FIELD - 1] = '9'; } /* an overlong number: keep it too large rather than wrong */
    c = get(in);
  }
  unget(in, c);
  buf[n < FIELD ? n : FIELD] = 0;
  return n;
}

static int prefix_ci(int c, const char *word, int i) { return tolower(c) == word[i]; }

/* Collect a floating-point number's text: as strtod reads it (decimal, hex, inf, nan(...)). */
static int scan_float_text(Src *in, int width, char *buf) {
  int n = 0, c = get(in);
#define TAKE() do { if (n < FIELD - 1) buf[n] = (char)c; n++; c = get(in); } while (0)
  if ((c == '+' || c == '-') && n < width) TAKE();
  if (c == 'i' || c == 'I' || c == 'n' || c == 'N') {
    const char *word = (c == 'i' || c == 'I') ? "infinity" : "nan";
    int i = 0;
    while (word[i] && n < width && prefix_ci(c, word, i)) { TAKE(); i++; } /* no "nan(...)", as glibc */
  } else {
    int hex = 0, digits = 0;
    if (c == '0' && n < width) {
      TAKE();
      digits = 1;
      if ((c == 'x' || c == 'X') && n < width) { TAKE(); hex = 1; }
    }
    while (n < width && (hex ? isxdigit(c) : isdigit(c))) { TAKE(); digits = 1; }
    if (c == '.' && n < width) {
      TAKE();
      while (n < width && (hex ? isxdigit(c) : isdigit(c))) { TAKE(); digits = 1; }
    }
    if (digits && n < width && (hex ? (c == 'p' || c == 'P') : (c == 'e' || c == 'E'))) {
      TAKE();
      if ((c == '+' || c == '-') && n < width) TAKE();
      while (n < width && isdigit(c)) TAKE();
    }
  }
#undef TAKE
  unget(in, c);
  buf[n < FIELD ? n : FIELD - 1] = 0;
  return n;
}

/* Parse a %[...] set at fmt (after '['); fills set[256]; returns the character after ']'. */
static const char *parse_set(const char *fmt, unsigned char *set) {
  int neg = 0;
  if (*fmt == '^') { neg = 1; fmt++; }
  memset(set, 0, 256);
  if (*fmt == ']') { set[']'] = 1; fmt++; }
  for (; *fmt && *fmt != ']'; fmt++) {
    if (fmt[0] == '-' && fmt[1] && fmt[1] != ']' && fmt[-1] != '[' && fmt[-1] != '^') {
      for (int c = (unsigned char)fmt[-1]; c <= (unsigned char)fmt[1]; c++) set[c] = 1;
      fmt++;
    } else set[(unsigned char)*fmt] = 1;
  }
  if (neg) for (int i = 0; i < 256; i++) set[i] = !set[i];
  return *fmt ? fmt + 1 : fmt;
}

static int vscan(Src *in, const char *fmt, va_list ap0) {
  va_list ap;
  va_copy(ap, ap0);
  int done = 0; /* assignments made */
  int any = 0;  /* a conversion (other than %n) has read input */
  char buf[FIELD + 1];
  unsigned char set[256];
  while (*fmt) {
    if (isspace((unsigned char)*fmt)) {
      while (isspace((unsigned char)*fmt)) fmt++;
      int c;
      while (isspace(c = get(in))) {}
      unget(in, c);
      continue;
    }
    if (*fmt != '%' || fmt[1] == '%') {
      if (*fmt == '%') {
        fmt++;
        int c;
        while (isspace(c = get(in))) {}
        unget(in, c);
      }
      int c = get(in);
      if (c != (unsigned char)*fmt) {
        unget(in, c);
        if (c == EOF && !any) done = EOF;
        goto out;
      }
      fmt++;
      continue;
    }
    fmt++;
    int skip = 0, width = 0, size = 0, pos = 0, alloc = 0;
    if (*fmt == '*') { skip = 1; fmt++; }
    while (isdigit((unsigned char)*fmt)) width = width * 10 + (*fmt++ - '0');
    if (*fmt == '$' && !skip) { pos = width; width = 0; fmt++; } /* "%n$": XSI positional */
    if (*fmt == '*') { skip = 1; fmt++; }
    while (isdigit((unsigned char)*fmt)) width = width * 10 + (*fmt++ - '0');
    if (*fmt == 'm') { alloc = 1; fmt++; } /* POSIX 2008: allocate the string */
    for (;; fmt++) {
      if (*fmt == 'h') size = size == -1 ? -2 : -1;
      else if (*fmt == 'l') size = size == 1 ? 2 : 1;
      else if (*fmt == 'L') size = 3; /* long double for floats, long long for integers */
      else if (*fmt == 'q' || *fmt == 'j') size = 2;
      else if (*fmt == 'z' || *fmt == 't') size = 0; /* size_t and ptrdiff_t are int-sized */
      else break;
    }
    char conv = *fmt ? *fmt++ : 0;
    if (!conv) goto out;
    void *target = 0; /* where the result goes */
    if (!skip && conv != '%') target = pos ? nth_arg(ap0, pos) : va_arg(ap, void *);
    if (conv == 'n') {
      if (target) store_int(target, size, (unsigned long long)in->count);
      continue;
    }
    if (conv != 'c' && conv != '[') {
      int c;
      while (isspace(c = get(in))) {}
      unget(in, c);
    }
    if (width <= 0) width = conv == 'c' ? 1 : 0x7fffffff;
    switch (conv) {
      case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p': {
        int base = conv == 'd' || conv == 'u' ? 10 : conv == 'i' ? 0 : conv == 'o' ? 8 : 16;
        int n = scan_int_text(in, width, &base, buf);
        char *end;
        unsigned long long v = strtoull(buf, &end, base);
        if (n == 0 || end == buf) { if (n == 0 && in->eof && !any) done = EOF; goto out; }
        any = 1;
        if (skip) break;
        if (conv == 'p') *(void **)target = (void *)(uintptr_t)v;
        else store_int(target, size, v);
        done++;
        break;
      }
      case 'a': case 'A': case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
        int n = scan_float_text(in, width, buf);
        char *end;
        int saved = errno;
        float fv = 0;
        double v = size == 0 ? (fv = strtof(buf, &end)) : strtod(buf, &end); /* float: no double rounding */
        errno = saved;
        if (n == 0 || end == buf) { if (n == 0 && in->eof && !any) done = EOF; goto out; }
        any = 1;
        if (skip) break;
        if (size == 3) store_quad(target, v);
        else if (size >= 1) *(double *)target = v;
        else *(float *)target = fv;
        done++;
        break;
      }
      case 'c': case 's': case '[': {
        if (conv == '[') fmt = parse_set(fmt, set);
        char *dst = alloc ? 0 : target;
        size_t cap = 0;
        int n = 0, c = EOF;
        while (n < width) {
          c = get(in);
          if (c == EOF) break;
          if (conv == 's' && isspace(c)) break;
          if (conv == '[' && !set[c]) break;
          if (alloc && target && (size_t)n + 1 >= cap) { /* grow, keeping room for the 0 */
            size_t nc = cap ? cap * 2 : conv == 'c' ? (size_t)width + 1 : 32;
            char *nd = realloc(dst, nc);
            if (!nd) { free(dst); goto out; }
            dst = nd;
            cap = nc;
          }
          if (dst) dst[n] = (char)c;
          n++;
          c = EOF;
        }
        unget(in, c);
        if (n == 0) { /* a %c cut short by the end still counts, as glibc */
          if (alloc && target) { free(dst); *(char **)target = 0; } /* as glibc */
          if (in->eof && !any) done = EOF;
          goto out;
        }
        any = 1;
        if (!dst) break;
        if (conv != 'c') dst[n] = 0;
        if (alloc) *(char **)target = dst;
        done++;
        break;
      }
      default:
        goto out;
    }
  }
out:
  va_end(ap);
  return done;
}

int vsscanf(const char *s, const char *fmt, va_list ap) {
  Src in = {0, s, 0, 0};
  return vscan(&in, fmt, ap);
}
int vfscanf(FILE *f, const char *fmt, va_list ap) {
  Src in = {f, 0, 0, 0};
  return vscan(&in, fmt, ap);
}
int vscanf(const char *fmt, va_list ap) { return vfscanf(stdin, fmt, ap); }
int sscanf(const char *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vsscanf(s, fmt, ap);
  va_end(ap);
  return r;
}
int fscanf(FILE *f, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vfscanf(f, fmt, ap);
  va_end(ap);
  return r;
}
int scanf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vfscanf(stdin, fmt, ap);
  va_end(ap);
  return r;
}
