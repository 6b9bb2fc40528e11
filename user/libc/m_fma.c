/* m_fma.c — fma(x, y, z) = x*y + z rounded once: the 106-bit product and z are placed in a
 * 256-bit integer at a common exponent (the far smaller one shifted right with a sticky bit),
 * added or subtracted, and the sum rounded to nearest even, subnormals included. */
#include "mathint.h"

#define NL 8 /* 32-bit limbs, little-endian */
typedef struct { unsigned w[NL]; } W;

static void w_shl(W *a, int n) {
  W r = {{0}};
  int q = n / 32, s = n % 32;
  for (int i = NL - 1; i >= q; i--) {
    unsigned hi = a->w[i - q], lo = i - q - 1 >= 0 ? a->w[i - q - 1] : 0;
    r.w[i] = s ? (hi << s) | (lo >> (32 - s)) : hi;
  }
  *a = r;
}
static void w_shr_jam(W *a, int n) { /* shift right, or-ing what falls off into bit 0 */
  if (n <= 0) return;
  int sticky = 0;
  if (n >= 32 * NL) {
    for (int i = 0; i < NL; i++) sticky |= a->w[i] != 0;
    memset(a, 0, sizeof *a);
    a->w[0] = (unsigned)sticky;
    return;
  }
  int q = n / 32, s = n % 32;
  for (int i = 0; i < q; i++) sticky |= a->w[i] != 0;
  if (s) sticky |= (a->w[q] << (32 - s)) != 0;
  W r = {{0}};
  for (int i = 0; i + q < NL; i++) {
    unsigned lo = a->w[i + q], hi = i + q + 1 < NL ? a->w[i + q + 1] : 0;
    r.w[i] = s ? (lo >> s) | (hi << (32 - s)) : lo;
  }
  r.w[0] |= (unsigned)sticky;
  *a = r;
}
static int w_cmp(const W *a, const W *b) {
  for (int i = NL - 1; i >= 0; i--) if (a->w[i] != b->w[i]) return a->w[i] < b->w[i] ? -1 : 1;
  return 0;
}
static void w_add(W *a, const W *b) {
  m_u64 c = 0;
  for (int i = 0; i < NL; i++) { c += (m_u64)a->w[i] + b->w[i]; a->w[i] = (unsigned)c; c >>= 32; }
}
static void w_sub(W *a, const W *b) { /* a >= b */
  m_u64 borrow = 0;
  for (int i = 0; i < NL; i++) {
    m_u64 d = (m_u64)a->w[i] - b->w[i] - borrow;
    a->w[i] = (unsigned)d;
    borrow = (d >> 32) & 1;
  }
}
static int w_top(const W *a) { /* index of the highest set bit, -1 for zero */
  for (int i = NL - 1; i >= 0; i--) if (a->w[i]) return 32 * i + 31 - __builtin_clz(a->w[i]);
  return -1;
}
static m_u64 w_bits(const W *a, int pos, int n) { /* n <= 53 bits from pos up */
  m_u64 r = 0;
  for (int i = n - 1; i >= 0; i--) {
    int b = pos + i;
    r = r << 1 | (b >= 0 && b < 32 * NL ? (a->w[b / 32] >> (b % 32)) & 1 : 0);
  }
  return r;
}

/* significand and exponent of a finite nonzero double: |d| = m 2^e */
static m_u64 parts(double d, int *e) {
  m_u64 u = m_bits(d);
  int x = (int)((u >> 52) & 0x7ff);
  m_u64 m = u & 0x000fffffffffffffULL;
  if (x) m |= 0x0010000000000000ULL;
  else x = 1;
  *e = x - 1075;
  return m;
}

double fma(double x, double y, double z) {
  if (isnan(x) || isnan(y) || isnan(z) || isinf(x) || isinf(y) || x == 0 || y == 0) return x * y + z;
  if (isinf(z)) return z;
  int ex, ey, ez;
  m_u64 mx = parts(x, &ex), my = parts(y, &ey);
  int neg_p = (signbit(x) != 0) != (signbit(y) != 0), neg_z = signbit(z) != 0;
  /* the exact product in P, its top near bit 200 */
  W P = {{0}}, Z = {{0}};
  m_u64 ll = (mx & 0xffffffff) * (my & 0xffffffff), lh = (mx & 0xffffffff) * (my >> 32);
  m_u64 hl = (mx >> 32) * (my & 0xffffffff), hh = (mx >> 32) * (my >> 32);
  m_u64 mid = (ll >> 32) + (unsigned)lh + (unsigned)hl;
  P.w[0] = (unsigned)ll;
  P.w[1] = (unsigned)mid;
  m_u64 up = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
  P.w[2] = (unsigned)up;
  P.w[3] = (unsigned)(up >> 32);
  int e = ex + ey - 94; /* the value is P 2^e after the shift */
  w_shl(&P, 94);
  if (z == 0) { /* x*y + 0: round the product alone (its sign; -0 only from -0 + -0, not here) */
    neg_z = neg_p;
  } else {
    m_u64 mz = parts(z, &ez);
    Z.w[0] = (unsigned)mz;
    Z.w[1] = (unsigned)(mz >> 32);
    int d = ez - e;
    if (d > 200 - 52) { /* z far above the product: z's top at bit 200, the product shifted down */
      w_shl(&Z, 200 - 52);
      w_shr_jam(&P, ez - (200 - 52) - e);
      e = ez - (200 - 52);
    } else if (d >= 0) w_shl(&Z, d);
    else w_shr_jam(&Z, -d);
  }
  int neg;
  if (z == 0 || neg_p == neg_z) { w_add(&P, &Z); neg = neg_p; }
  else if (w_cmp(&P, &Z) >= 0) { w_sub(&P, &Z); neg = neg_p; }
  else { w_sub(&Z, &P); P = Z; neg = neg_z; }
  int h = w_top(&P);
  if (h < 0) return 0.0; /* exact cancellation: +0 when rounding to nearest */
  int be = e + h + 1023; /* biased exponent of the leading bit */
  int s = h - 52;         /* the lowest bit kept */
  if (be < 1) s += 1 - be;
  m_u64 r;
  if (s <= 0) r = w_bits(&P, 0, h + 1) << -s; /* fewer than 53 bits: exact */
  else {
    int nb = h - s + 1; /* bits kept (53, fewer for a subnormal) */
    r = nb > 0 ? w_bits(&P, s, nb) : 0;
    int half = (int)w_bits(&P, s - 1, 1);
    int rest = 0;
    for (int i = 0; i < s - 1 && i < 32 * NL && !rest; i++) rest = (P.w[i / 32] >> (i % 32)) & 1;
    if (half && (rest || (r & 1))) r++;
  }
  m_u64 u;
  if (be >= 1) u = ((m_u64)(be - 1) << 52) + r; /* r's leading 1 adds one to the exponent field */
  else u = r;
  if (u >= 0x7ff0000000000000ULL) { errno = ERANGE; u = 0x7ff0000000000000ULL; }
  return m_dbl(u | (neg ? 1ULL << 63 : 0));
}
/* fmaf: x*y is exact in double and two_sum makes x*y + z an exact pair hi + lo; rounding hi to
 * float is right unless hi lies exactly halfway between two floats and lo says which side. */
float fmaf(float x, float y, float z) {
  double p = (double)x * (double)y;
  if (isnan(p) || isinf(p) || isinf(z) || isnan(z)) return (float)(p + z);
  dd s = two_sum(p, z);
  float f = (float)s.hi;
  double diff = s.hi - (double)f; /* exact */
  if (s.lo != 0 && diff != 0 && !isinf(f)) {
    unsigned u;
    memcpy(&u, &f, 4);
    unsigned v = (diff > 0) == (f > 0 || (f == 0 && diff > 0)) ? u + 1 : u - 1; /* the float on diff's side */
    if (f == 0) v = diff > 0 ? 1 : 0x80000001u;
    float g;
    memcpy(&g, &v, 4);
    if (fabs((double)g - s.hi) == fabs(diff) && (s.lo > 0) == (diff > 0)) f = g; /* a tie that is not one */
  }
  return f;
}
