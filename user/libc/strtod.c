/* strtod.c — text to double, correctly rounded (to nearest, ties to even), as C99 says: decimal,
 * hexadecimal ("0x1.8p3", exact), "inf"/"infinity" and "nan"/"nan(chars)". A decimal number whose
 * digits fit in 15 and whose power of ten in 10^22 is one exact division or product; any other
 * gets a first guess in double arithmetic, then the guess is moved an ulp at a time until the
 * exact value lies between the midpoints to its neighbours, comparing big integers (the decimal's
 * digits times a power of 5 against the midpoint's significand times a power of 2). */
#include <stdlib.h>
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include "mathint.h"

/* Which side of the result the exact value lies, in magnitude (+1 above, -1 below, 0 exact), for
 * strtof: rounding that double to float again is wrong only on a float midpoint. */
static int last_dir;

typedef unsigned long long u64;
typedef unsigned u32;
#define INF 0x7ff0000000000000ULL
#define IMPL 0x0010000000000000ULL
#define MAXDIG 780 /* a midpoint between doubles has at most 767 significant digits */
#define WORDS 200  /* 6400 bits: the largest product compared (about 4800 bits) fits */

static double dbl(u64 u) { double d; memcpy(&d, &u, 8); return d; }
static u64 bits(double d) { u64 u; memcpy(&u, &d, 8); return u; }

typedef struct { u32 w[WORDS]; int n; } Big; /* little-endian words; n words in use */

static void big_set(Big *b, u64 v) {
  b->w[0] = (u32)v;
  b->w[1] = (u32)(v >> 32);
  b->n = b->w[1] ? 2 : b->w[0] ? 1 : 0;
}
static void big_muladd(Big *b, u32 m, u32 add) {
  u64 carry = add;
  for (int i = 0; i < b->n; i++) {
    u64 v = (u64)b->w[i] * m + carry;
    b->w[i] = (u32)v;
    carry = v >> 32;
  }
  if (carry && b->n < WORDS) b->w[b->n++] = (u32)carry;
  while (b->n > 0 && !b->w[b->n - 1]) b->n--;
}
static void big_pow5(Big *b, int e) {
  for (; e >= 13; e -= 13) big_muladd(b, 1220703125u, 0);
  u32 p = 1;
  while (e-- > 0) p *= 5;
  big_muladd(b, p, 0);
}
static void big_shl(Big *b, int s) {
  int q = s / 32, r = s % 32;
  if (b->n == 0) return;
  if (b->n + q + 1 > WORDS) q = WORDS - b->n - 1; /* cannot happen within the magnitudes allowed */
  for (int i = b->n + q; i >= 0; i--) {
    u32 hi = i - q < b->n && i - q >= 0 ? b->w[i - q] : 0;
    u32 lo = i - q - 1 >= 0 && i - q - 1 < b->n ? b->w[i - q - 1] : 0;
    b->w[i] = r ? (hi << r) | (lo >> (32 - r)) : hi;
  }
  b->n += q + 1;
  while (b->n > 0 && !b->w[b->n - 1]) b->n--;
}
static int big_cmp(const Big *a, const Big *b) {
  if (a->n != b->n) return a->n < b->n ? -1 : 1;
  for (int i = a->n - 1; i >= 0; i--)
    if (a->w[i] != b->w[i]) return a->w[i] < b->w[i] ? -1 : 1;
  return 0;
}

/* The decimal D * 10^E, with D's big integer times 5^E when E >= 0 (else 5^-E kept apart). */
typedef struct { Big a; Big r5; int e; } Exact;

static void big_add(Big *a, const Big *b) {
  u64 carry = 0;
  int n = a->n > b->n ? a->n : b->n;
  for (int j = 0; j < n; j++) {
    u64 v = (u64)(j < a->n ? a->w[j] : 0) + (j < b->n ? b->w[j] : 0) + carry;
    a->w[j] = (u32)v;
    carry = v >> 32;
  }
  a->n = n;
  if (carry && a->n < WORDS) a->w[a->n++] = (u32)carry;
}

/* Compare D * 10^E with k * 2^f: -1, 0 or 1. */
static int cmp_exact(const Exact *x, u64 k, int f) {
  static Big A, B, H; /* big: kept off the stack */
  A = x->a;
  if (x->e < 0) { /* B = k * 5^-E, k split in 32-bit halves */
    B = x->r5;
    big_muladd(&B, (u32)k, 0);
    if (k >> 32) {
      H = x->r5;
      big_muladd(&H, (u32)(k >> 32), 0);
      big_shl(&H, 32);
      big_add(&B, &H);
    }
  } else big_set(&B, k);
  int d = x->e - f;
  if (d >= 0) big_shl(&A, d);
  else big_shl(&B, -d);
  return big_cmp(&A, &B);
}

/* Round the positive m * 2^e2 (m nonzero, sticky: nonzero bits below m) to a double's bits. */
static u64 round_bin(u64 m, int e2, int sticky) {
  int lz = __builtin_clzll(m);
  m <<= lz;
  int be = e2 + 63 - lz + 1023; /* biased exponent of the leading bit */
  if (be >= 2047) return INF;
  int sh = 11;
  if (be < 1) sh += 1 - be;
  if (sh > 64) { last_dir = 1; return 0; } /* below half the smallest subnormal */
  u64 r = sh == 64 ? 0 : m >> sh, rest = sh == 64 ? m : m << (64 - sh);
  int up = (rest >> 63) && ((rest << 1) || sticky || (r & 1));
  last_dir = up ? -1 : (rest || sticky) ? 1 : 0;
  r += up;
  return be >= 1 ? ((u64)(be - 1) << 52) + r : r;
}

static int word_at(const char *s, const char *w) {
  int i = 0;
  for (; w[i]; i++) if (tolower((unsigned char)s[i]) != w[i]) return 0;
  return i;
}

static double hexfloat(const char *p, const char **endp, int *erange) {
  u64 m = 0;
  int e2 = 0, sticky = 0, any = 0;
  for (; isxdigit((unsigned char)*p); p++, any = 1) {
    int d = isdigit((unsigned char)*p) ? *p - '0' : tolower((unsigned char)*p) - 'a' + 10;
    if (m >> 60) { e2 += 4; sticky |= d != 0; }
    else m = m * 16 + (u64)d;
  }
  if (*p == '.') {
    p++;
    for (; isxdigit((unsigned char)*p); p++, any = 1) {
      int d = isdigit((unsigned char)*p) ? *p - '0' : tolower((unsigned char)*p) - 'a' + 10;
      if (m >> 60) sticky |= d != 0;
      else { m = m * 16 + (u64)d; e2 -= 4; }
    }
  }
  if (!any) return -1; /* caller handles "0x" with no digits */
  if (*p == 'p' || *p == 'P') {
    const char *q = p + 1;
    int neg = 0;
    long ev = 0;
    if (*q == '+' || *q == '-') neg = *q++ == '-';
    if (isdigit((unsigned char)*q)) {
      for (; isdigit((unsigned char)*q); q++) if (ev < 100000) ev = ev * 10 + (*q - '0');
      e2 += neg ? -(int)ev : (int)ev;
      p = q;
    }
  }
  *endp = p;
  if (!m) return 0;
  u64 r = round_bin(m, e2, sticky);
  if (r >= INF) { *erange = 1; last_dir = -1; return dbl(INF); }
  if (r < IMPL) {
    /* subnormal or zero: a range error when inexact */
    int lz = __builtin_clzll(m);
    int be = e2 + 63 - lz + 1023;
    int shifted = 11 + 1 - be;
    if (sticky || shifted >= 64 || (m << lz) << (64 - shifted)) *erange = 1;
  }
  return dbl(r);
}

double strtod(const char *s, char **end) {
  const char *p = s;
  while (isspace((unsigned char)*p)) p++;
  int neg = 0;
  if (*p == '+' || *p == '-') neg = *p++ == '-';
  u64 sign = neg ? 1ULL << 63 : 0;
  last_dir = 0;
  int n;
  if ((n = word_at(p, "infinity")) || (n = word_at(p, "inf"))) {
    if (end) *end = (char *)p + n;
    return dbl(sign | INF);
  }
  if ((n = word_at(p, "nan"))) {
    p += n;
    if (*p == '(') {
      const char *q = p + 1;
      while (isalnum((unsigned char)*q) || *q == '_') q++;
      if (*q == ')') p = q + 1;
    }
    if (end) *end = (char *)p;
    return dbl(sign | 0x7ff8000000000000ULL);
  }
  int erange = 0;
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    const char *e;
    double v = hexfloat(p + 2, &e, &erange);
    if (v == -1) { if (end) *end = (char *)p + 1; return dbl(sign); } /* "0x": the 0 */
    if (end) *end = (char *)e;
    if (erange) errno = ERANGE;
    return dbl(bits(v) | sign);
  }
  /* decimal: significant digits in dig[0..nd), value 0.dig * 10^dp */
  static char dig[MAXDIG + 1];
  int nd = 0, dp = 0, any = 0, trunc = 0;
  for (; isdigit((unsigned char)*p); p++, any = 1) {
    if (nd == 0 && *p == '0') continue;
    if (nd < MAXDIG) dig[nd++] = *p;
    else trunc |= *p != '0';
    dp++;
  }
  if (*p == '.') {
    p++;
    for (; isdigit((unsigned char)*p); p++, any = 1) {
      if (nd == 0 && *p == '0') { dp--; continue; }
      if (nd < MAXDIG) dig[nd++] = *p;
      else trunc |= *p != '0';
    }
  }
  if (!any) {
    if (end) *end = (char *)s;
    return 0;
  }
  if (*p == 'e' || *p == 'E') {
    const char *q = p + 1;
    int eneg = 0;
    long ev = 0;
    if (*q == '+' || *q == '-') eneg = *q++ == '-';
    if (isdigit((unsigned char)*q)) {
      for (; isdigit((unsigned char)*q); q++) if (ev < 100000) ev = ev * 10 + (*q - '0');
      dp += eneg ? -(int)ev : (int)ev;
      p = q;
    }
  }
  if (end) *end = (char *)p;
  while (nd > 0 && dig[nd - 1] == '0') nd--;
  if (nd == 0) return dbl(sign);
  if (dp > 310) { errno = ERANGE; last_dir = -1; return dbl(sign | INF); }
  if (dp < -330) { errno = ERANGE; last_dir = 1; return dbl(sign); }
  int E = dp - nd; /* value = D * 10^E, D the integer of the digits */
  static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  u64 head = 0;
  int nh = nd < 19 ? nd : 19;
  for (int i = 0; i < nh; i++) head = head * 10 + (u64)(dig[i] - '0');
  if (nd <= 15 && !trunc && E >= -22 && E <= 22) {
    double h = (double)head; /* exact; one rounding in the product or quotient */
    double v = E >= 0 ? h * p10[E] : h / p10[-E];
    dd e = E >= 0 ? two_prod(h, p10[E]) : two_prod(v, p10[-E]); /* the rounding error's sign */
    double res = E >= 0 ? e.lo : (h - e.hi) - e.lo;
    last_dir = res > 0 ? 1 : res < 0 ? -1 : 0;
    return dbl(bits(v) | sign);
  }
  /* a first guess, within a few ulps */
  double g = (double)head;
  int ge = dp - nh;
  while (ge > 22) { g *= 1e22; ge -= 22; }
  while (ge < -22) { g /= 1e22; ge += 22; }
  g = ge >= 0 ? g * p10[ge] : g / p10[-ge];
  u64 x = bits(g);
  if (x >= INF) x = INF - 1;
  /* the exact value as big integers */
  static Exact ex;
  big_set(&ex.a, 0);
  int i = 0;
  for (; i + 9 <= nd; i += 9) {
    u32 chunk = 0;
    for (int j = 0; j < 9; j++) chunk = chunk * 10 + (u32)(dig[i + j] - '0');
    big_muladd(&ex.a, 1000000000u, chunk);
  }
  for (; i < nd; i++) {
    big_muladd(&ex.a, 10, (u32)(dig[i] - '0'));
  }
  if (trunc) { big_muladd(&ex.a, 10, 1); E--; } /* past the kept digits: just above them */
  ex.e = E;
  big_set(&ex.r5, 1);
  if (E >= 0) big_pow5(&ex.a, E);
  else big_pow5(&ex.r5, -E);
  for (int step = 0; step < 4000; step++) {
    int bex = (int)(x >> 52);
    u64 m = x & (IMPL - 1);
    int e = -1074;
    if (bex) { m |= IMPL; e = bex - 1075; }
    int c = cmp_exact(&ex, 2 * m + 1, e - 1);
    if (c > 0 || (c == 0 && (m & 1))) {
      x++;
      if (x >= INF) { errno = ERANGE; last_dir = -1; return dbl(sign | INF); }
      continue;
    }
    if (x == 0) break;
    if (m == IMPL && bex > 1) c = cmp_exact(&ex, 4 * m - 1, e - 2);
    else c = cmp_exact(&ex, 2 * m - 1, e - 1);
    if (c < 0 || (c == 0 && (m & 1))) { x--; continue; }
    break;
  }
  {
    int bex = (int)(x >> 52);
    u64 m = x & (IMPL - 1);
    last_dir = cmp_exact(&ex, bex ? m | IMPL : m, bex ? bex - 1075 : -1074);
    if (x < IMPL && (x == 0 || last_dir != 0)) errno = ERANGE;
  }
  return dbl(x | sign);
}

/* strtof: the double, rounded to float, except where the double is exactly halfway between two
 * floats: then the side the exact value lies on decides. ERANGE as glibc (overflow, underflow to
 * 0, inexact subnormal). */
float strtof(const char *s, char **end) {
  int saved = errno;
  double d = strtod(s, end);
  int dir = last_dir;
  errno = saved;
  double ad = fabs(d);
  float af = (float)ad;
  if (dir && !isnan(d)) {
    if (isinf(af) && ad == 0x1.ffffffp127) { if (dir < 0) af = 0x1.fffffep127f; }
    else if ((double)af != ad && !isinf(af)) {
      unsigned u, v;
      memcpy(&u, &af, 4);
      v = (double)af < ad ? u + 1 : u - 1; /* the float on the other side of ad */
      float other;
      memcpy(&other, &v, 4);
      if ((double)af + (double)other == 2 * ad) { /* ad is the midpoint */
        float lo = af < other ? af : other, hi = af < other ? other : af;
        af = dir > 0 ? hi : lo;
      }
    }
  }
  int inexact = dir != 0 || (double)af != ad;
  if ((isinf(af) && !isinf(d)) || (af == 0 && ad != 0) || (af < 0x1p-126f && af != 0 && inexact) || (isinf(d) && dir)) errno = ERANGE;
  return d < 0 || (d == 0 && signbit(d)) ? -af : af;
}
double atof(const char *s) { return strtod(s, 0); }
