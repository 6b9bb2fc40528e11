/* fmthex.c — printf's %a and %A: the double in hexadecimal, exactly as glibc prints it: a leading
 * 1 (0 for zero and subnormals, whose exponent is shown as -1022), the 52 fraction bits as 13 hex
 * digits with trailing zeros dropped, or rounded half to even at the requested precision (a carry
 * makes the leading digit 2: "%.0a" of 1.5 is 0x2p+0), then p and the binary exponent. */
#include <stdio.h>
#include <string.h>

typedef unsigned long long u64;
typedef void (*Sink)(void *ctx, const char *s, size_t n);

int __fmt_hex(Sink out, void *ctx, double x, int upper, int prec, int width, int left, int zero, int plus, int space, int alt) {
  u64 u;
  memcpy(&u, &x, 8);
  char sign = (u >> 63) ? '-' : plus ? '+' : space ? ' ' : 0;
  int ex = (int)((u >> 52) & 0x7ff);
  u64 frac = u & 0xfffffffffffffULL;
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char pre[4], body[64];
  int np = 0, nb = 0;
  if (sign) pre[np++] = sign;
  if (ex == 0x7ff) {
    const char *s = frac ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
    memcpy(body, s, 3);
    nb = 3;
    zero = 0;
  } else {
    pre[np++] = '0';
    pre[np++] = upper ? 'X' : 'x';
    int lead = ex ? 1 : 0;
    int e = ex ? ex - 1023 : frac ? -1022 : 0;
    int nd = 13;
    if (prec < 0) {
      while (nd > 0 && !((frac >> (4 * (13 - nd))) & 0xf)) nd--; /* drop trailing zero digits */
    } else if (prec < 13) {
      int shift = 4 * (13 - prec);
      u64 keep = frac >> shift, rem = frac & ((1ULL << shift) - 1), half = 1ULL << (shift - 1);
      int odd = prec == 0 ? lead & 1 : (int)(keep & 1);
      if (rem > half || (rem == half && odd)) {
        if (prec == 0) lead++;
        else if (++keep == 1ULL << (4 * prec)) { keep = 0; lead++; }
      }
      frac = keep << shift;
      nd = prec;
    }
    body[nb++] = (char)('0' + lead);
    if (nd > 0 || alt) body[nb++] = '.';
    for (int i = 0; i < nd && i < 13; i++) body[nb++] = digits[(frac >> (4 * (12 - i))) & 0xf];
    int pad0 = prec > 13 ? prec - 13 : 0; /* zeros beyond the 13 digits */
    char tail[8];
    int nt = 0, ae = e < 0 ? -e : e;
    tail[nt++] = upper ? 'P' : 'p';
    tail[nt++] = e < 0 ? '-' : '+';
    char num[6];
    int nn = 0;
    do { num[nn++] = (char)('0' + ae % 10); ae /= 10; } while (ae);
    while (nn) tail[nt++] = num[--nn];
    int full = np + nb + pad0 + nt;
    int total = 0;
    if (!left && !zero) for (; full + total < width; total++) out(ctx, " ", 1);
    out(ctx, pre, (size_t)np);
    if (!left && zero) for (; full + total < width; total++) out(ctx, "0", 1);
    out(ctx, body, (size_t)nb);
    for (int i = 0; i < pad0; i++) out(ctx, "0", 1);
    out(ctx, tail, (size_t)nt);
    if (left) for (; full + total < width; total++) out(ctx, " ", 1);
    return full + total;
  }
  int full = np + nb, total = 0;
  if (!left) for (; full + total < width; total++) out(ctx, " ", 1);
  out(ctx, pre, (size_t)np);
  out(ctx, body, (size_t)nb);
  if (left) for (; full + total < width; total++) out(ctx, " ", 1);
  return full + total;
}
