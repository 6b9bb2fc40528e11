/* printf.c — the formatting engine behind the printf family: %d %i %u %x %X %o %s %c %p %%,
 * %f %F %e %E %g %G (fmtfloat.c), %a %A (fmthex.c),
 * flags '-' '0' ' ' '+', width and precision (numbers or '*'), length l/ll/h/z. Output goes to a
 * sink callback so the same code serves FILEs, fds and buffers. */
#include <stdio.h>
#include <string.h>

typedef void (*Sink)(void *ctx, const char *s, size_t n);
int __fmt_float(Sink out, void *ctx, double x, char conv, int prec, int width, int left, int zero, int plus, int space, int alt);
int __fmt_hex(Sink out, void *ctx, double x, int upper, int prec, int width, int left, int zero, int plus, int space, int alt);

static void pad(Sink out, void *ctx, char c, int n) {
  char buf[16];
  memset(buf, c, sizeof buf);
  while (n > 0) {
    int k = n > 16 ? 16 : n;
    out(ctx, buf, (size_t)k);
    n -= k;
  }
}

/* Format into the sink; returns the number of characters produced. */
int __vformat(Sink out, void *ctx, const char *fmt, va_list ap) {
  int total = 0;
  while (*fmt) {
    const char *p = fmt;
    while (*p && *p != '%') p++;
    if (p > fmt) { out(ctx, fmt, (size_t)(p - fmt)); total += (int)(p - fmt); }
    if (!*p) break;
    fmt = p + 1;
    int left = 0, zero = 0, plus = 0, space = 0, alt = 0, width = 0, prec = -1, lng = 0;
    for (;; fmt++) {
      if (*fmt == '-') left = 1;
      else if (*fmt == '0') zero = 1;
      else if (*fmt == '+') plus = 1;
      else if (*fmt == ' ') space = 1;
      else if (*fmt == '#') alt = 1;
      else break;
    }
    if (*fmt == '*') { width = va_arg(ap, int); if (width < 0) { left = 1; width = -width; } fmt++; }
    else while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    if (*fmt == '.') {
      fmt++;
      prec = 0;
      if (*fmt == '*') { prec = va_arg(ap, int); fmt++; }
      else while (*fmt >= '0' && *fmt <= '9') prec = prec * 10 + (*fmt++ - '0');
    }
    while (*fmt == 'l' || *fmt == 'h' || *fmt == 'z' || *fmt == 'j' || *fmt == 't') { if (*fmt == 'l') lng++; if (*fmt == 'j') lng = 2; fmt++; }
    char c = *fmt ? *fmt++ : 0;
    char num[32];
    const char *s = num;
    int len = 0;
    char sign = 0;
    switch (c) {
      case 'c': num[0] = (char)va_arg(ap, int); len = 1; break;
      case 's':
        s = va_arg(ap, const char *);
        if (!s) s = "(null)";
        len = (int)strlen(s);
        if (prec >= 0 && len > prec) len = prec;
        break;
      case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': case 'p': {
        unsigned long long v;
        int base = c == 'x' || c == 'X' || c == 'p' ? 16 : c == 'o' ? 8 : 10;
        if (c == 'p') v = (unsigned long)va_arg(ap, void *);
        else if (c == 'd' || c == 'i') {
          long long sv = lng >= 2 ? va_arg(ap, long long) : (long long)va_arg(ap, long);
          if (sv < 0) { sign = '-'; v = -(unsigned long long)sv; }
          else { v = (unsigned long long)sv; sign = plus ? '+' : space ? ' ' : 0; }
        } else v = lng >= 2 ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned long);
        const char *digits = c == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        char *e = num + sizeof num;
        char *q = e;
        do {
          if (v >> 32) { *--q = digits[v % (unsigned)base]; v /= (unsigned)base; }
          else { unsigned w = (unsigned)v; *--q = digits[w % (unsigned)base]; v = w / (unsigned)base; }
        } while (v);
        while (prec >= 0 && e - q < prec) *--q = '0';
        if (c == 'p') { *--q = 'x'; *--q = '0'; }
        s = q;
        len = (int)(e - q);
        if (prec >= 0) zero = 0;
        break;
      }
      case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
        total += __fmt_float(out, ctx, va_arg(ap, double), c, prec, width, left, zero, plus, space, alt);
        continue;
      case 'a': case 'A':
        total += __fmt_hex(out, ctx, va_arg(ap, double), c == 'A', prec, width, left, zero, plus, space, alt);
        continue;
      case '%': num[0] = '%'; len = 1; break;
      default: num[0] = '%'; num[1] = c; len = c ? 2 : 1; break;
    }
    int full = len + (sign ? 1 : 0);
    if (!left && !zero) pad(out, ctx, ' ', width - full);
    if (sign) out(ctx, &sign, 1);
    if (!left && zero) pad(out, ctx, '0', width - full);
    out(ctx, s, (size_t)len);
    if (left) pad(out, ctx, ' ', width - full);
    total += full > width ? full : width;
  }
  return total;
}

typedef struct { char *buf; size_t cap, len; } StrSink;
static void str_out(void *ctx, const char *s, size_t n) {
  StrSink *k = ctx;
  for (size_t i = 0; i < n; i++, k->len++)
    if (k->len + 1 < k->cap) k->buf[k->len] = s[i];
}
int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap) {
  StrSink k = {buf, n, 0};
  int r = __vformat(str_out, &k, fmt, ap);
  if (n) buf[k.len < n ? k.len : n - 1] = 0;
  return r;
}
int snprintf(char *buf, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vsnprintf(buf, n, fmt, ap);
  va_end(ap);
  return r;
}
int sprintf(char *buf, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vsnprintf(buf, 0x7fffffff, fmt, ap);
  va_end(ap);
  return r;
}
