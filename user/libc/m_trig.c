/* m_trig.c — sin, cos, tan, atan, atan2, asin, acos.
 * Reduction: x = n pi/2 + r with |r| <= pi/4, computed exactly enough for every double (even
 * 1e308) by multiplying x's 53-bit significand with the 256 bits of 2/pi that matter at x's
 * exponent (the bits above give multiples of 4, those below less than 2^-170; no double is
 * nearer than 2^-62 to a multiple of pi/2) — integer code.
 * sin r and cos r are their Taylor series to r^21 and r^22 (the first terms as double-doubles).
 * atan: atan x = atan c + atan((x - c)/(1 + x c)) with c = j/16 the nearest sixteenth (the
 * atan(j/16) are stored as double-doubles), the remaining argument under 1/32 in magnitude; for
 * x > 1, pi/2 - atan(1/x). asin and acos are atan2 of (x, sqrt(1 - x^2)) with 1 - x^2 taken as
 * (1 - x)(1 + x) in double-double. */
#include "mathint.h"

/* 2/pi = sum of W[i] * 2^(-32 (i + 1)) */
static const unsigned W[40] = {
  0xa2f9836e, 0x4e441529, 0xfc2757d1, 0xf534ddc0, 0xdb629599, 0x3c439041, 0xfe5163ab, 0xdebbc561,
  0xb7246e3a, 0x424dd2e0, 0x06492eea, 0x09d1921c, 0xfe1deb1c, 0xb129a73e, 0xe88235f5, 0x2ebb4484,
  0xe99c7026, 0xb45f7e41, 0x3991d639, 0x835339f4, 0x9c845f8b, 0xbdf9283b, 0x1ff897ff, 0xde05980f,
  0xef2f118b, 0x5a0a6d1f, 0x6d367ecf, 0x27cb09b7, 0x4f463f66, 0x9e5fea2d, 0x7527bac7, 0xebe5f17b,
  0x3d0739f7, 0x8a5292ea, 0x6bfb5fb1, 0x1f8d5d08, 0x56033046, 0xfc7b6bab, 0xf0cfbc20, 0x9af4361d};
static unsigned w2pi(int i) { return i >= 1 && i <= 40 ? W[i - 1] : 0; } /* i-th word after the point */

static m_u64 bits64(const unsigned *p, int pos) { /* bits pos .. pos+63 of the product */
  int q = pos / 32, s = pos % 32;
  m_u64 lo = p[q] | (m_u64)p[q + 1] << 32;
  if (!s) return lo;
  return (lo >> s) | (m_u64)p[q + 2] << (64 - s);
}

/* x finite, pi/4 < x: r (double-double) and n mod 4 with x = n pi/2 + r, |r| <= pi/4 */
static int rem_pio2(double x, dd *r) {
  m_u64 u = m_bits(x);
  m_u64 m = (u & 0x000fffffffffffffULL) | 0x0010000000000000ULL;
  int e = (int)((u >> 52) & 0x7ff) - 1075; /* x = m 2^e */
  int i0 = e - 2 >= 0 ? (e - 2) / 32 + 1 : -((2 - e + 31) / 32) + 1; /* first word with e - 32 i < 2 */
  unsigned p[12] = {0}, mw[2] = {(unsigned)m, (unsigned)(m >> 32)};
  for (int j = 0; j < 8; j++) { /* p = m * (the 8 words of 2/pi from i0 on, as one integer) */
    m_u64 bj = w2pi(i0 + 7 - j), carry = 0;
    for (int i = 0; i < 2; i++) {
      m_u64 t = (m_u64)p[i + j] + bj * mw[i] + carry;
      p[i + j] = (unsigned)t;
      carry = t >> 32;
    }
    p[j + 2] = (unsigned)carry;
  }
  int b = 32 * (i0 + 7) - e; /* the binary point of x * 2/pi in p (223..254) */
  int n = (int)(bits64(p, b) & 3);
  m_u64 fh = bits64(p, b - 64), fl = bits64(p, b - 128); /* the fraction, 128 bits */
  int neg = 0;
  if (fh >> 63) { /* fraction >= 1/2: n + 1, and r = -(1 - fraction) pi/2 */
    n++;
    neg = 1;
    fl = ~fl + 1;
    fh = ~fh + (fl == 0);
  }
  if (!fh && !fl) { *r = mk_dd(0, 0); return n & 3; }
  int lz = fh ? __builtin_clzll(fh) : 64 + __builtin_clzll(fl);
  if (lz >= 64) { fh = fl << (lz - 64); fl = 0; }
  else if (lz) { fh = fh << lz | fl >> (64 - lz); fl <<= lz; }
  double rh = ldexp((double)(fh >> 11), -53 - lz);
  double rl = ldexp((double)(fh & 0x7ff) + (double)fl * 0x1p-64, -64 - lz);
  dd f = dd_mul(fast_two_sum(rh, rl), mk_dd(PIO2_HI, PIO2_LO));
  *r = neg ? dd_neg(f) : f;
  return n & 3;
}

/* sin r and cos r for |r| <= pi/4 (r a double-double) */
static dd sin_k(dd r) {
  double z = r.hi * r.hi;
  double t = z * (1.0 / 120 + z * (-1.0 / 5040 + z * (1.0 / 362880 + z * (-1.0 / 39916800 + z * (1.0 / 6227020800.0 +
      z * (-1.0 / 1307674368000.0 + z * (1.0 / 355687428096000.0 + z * (-1.0 / 121645100408832000.0 +
      z * (1.0 / 51090942171709440000.0)))))))));
  dd c = dd_add_d(mk_dd(-0x1.5555555555555p-3, -0x1.5555555555555p-57), t); /* -1/6 + ... */
  dd r2 = dd_mul(r, r);
  return dd_add(r, dd_mul(dd_mul(r2, r), c));
}
static dd cos_k(dd r) {
  double z = r.hi * r.hi;
  double t = z * (1.0 / 24 + z * (-1.0 / 720 + z * (1.0 / 40320 + z * (-1.0 / 3628800 + z * (1.0 / 479001600 +
      z * (-1.0 / 87178291200.0 + z * (1.0 / 20922789888000.0 + z * (-1.0 / 6402373705728000.0 +
      z * (1.0 / 2432902008176640000.0 + z * (-1.0 / 1124000727777607680000.0))))))))));
  dd c = dd_add_d(mk_dd(-0.5, 0), t);
  return dd_add_d(dd_mul(dd_mul(r, r), c), 1.0);
}

/* for the gamma functions (m_gamma.c): sin(pi r) and cos(pi r) kernels, |r| <= pi/4 */
dd __m_sin_k(dd r) { return sin_k(r); }
dd __m_cos_k(dd r) { return cos_k(r); }

/* n mod 4 and r for any finite x */
static int reduce(double x, dd *r) {
  if (fabs(x) <= 0x1.921fb54442d18p-1) { *r = mk_dd(x, 0); return 0; }
  int n = rem_pio2(fabs(x), r);
  if (x < 0) { *r = dd_neg(*r); n = (4 - n) & 3; }
  return n;
}

double sin(double x) {
  if (isnan(x)) return x + x;
  if (isinf(x)) return m_edom();
  if (fabs(x) < 0x1p-27) return x; /* x - x^3/6 rounds to x */
  dd r;
  int n = reduce(x, &r);
  dd v = n & 1 ? cos_k(r) : sin_k(r);
  return n & 2 ? -dd_round(v) : dd_round(v);
}
double cos(double x) {
  if (isnan(x)) return x + x;
  if (isinf(x)) return m_edom();
  if (fabs(x) < 0x1p-28) return 1.0 - 0x1p-60; /* rounds to 1, inexact */
  dd r;
  int n = reduce(x, &r);
  dd v = n & 1 ? sin_k(r) : cos_k(r);
  return (n + 1) & 2 ? -dd_round(v) : dd_round(v);
}
double tan(double x) {
  if (isnan(x)) return x + x;
  if (isinf(x)) return m_edom();
  if (fabs(x) < 0x1p-27) return x;
  dd r;
  int n = reduce(x, &r);
  dd s = sin_k(r), c = cos_k(r);
  return n & 1 ? -dd_round(dd_div(c, s)) : dd_round(dd_div(s, c));
}

/* atan(j/16), j = 0..16 */
static const double ATAN_J[17][2] = {
  {0x0.0p+0, 0x0.0p+0}, {0x1.ff55bb72cfdeap-5, -0x1.c934d86d23f1dp-60},
  {0x1.fd5ba9aac2f6ep-4, -0x1.cd37686760c17p-59}, {0x1.7b97b4bce5b02p-3, 0x1.347b0b4f881cap-58},
  {0x1.f5b75f92c80ddp-3, 0x1.8ab6e3cf7afbdp-57}, {0x1.362773707ebccp-2, -0x1.963a544b672d8p-57},
  {0x1.6f61941e4def1p-2, -0x1.c63aae6f6e918p-56}, {0x1.a64eec3cc23fdp-2, -0x1.24dec1b50b7ffp-56},
  {0x1.dac670561bb4fp-2, 0x1.a2b7f222f65e2p-56}, {0x1.0657e94db30d0p-1, -0x1.d5b495f6349e6p-56},
  {0x1.1e00babdefeb4p-1, -0x1.928df287a668fp-58}, {0x1.345f01cce37bbp-1, 0x1.1021137c71102p-55},
  {0x1.4978fa3269ee1p-1, 0x1.2419a87f2a458p-56}, {0x1.5d58987169b18p-1, 0x1.0028e4bc5e7cap-57},
  {0x1.700a7c5784634p-1, -0x1.8c34d25aadef6p-56}, {0x1.819d0b7158a4dp-1, -0x1.bf76229d3b917p-56},
  {0x1.921fb54442d18p-1, 0x1.1a62633145c07p-55}};

/* atan x for 0 <= x <= 1 */
static dd atan_small(dd x) {
  int j = (int)(x.hi * 16 + 0.5);
  double c = j / 16.0;
  dd num = fast_two_sum(x.hi - c, x.lo); /* x.hi - c is exact */
  dd den = dd_add_d(dd_mul_d(x, c), 1.0);
  dd t = dd_div(num, den); /* |t| <= 1/32 */
  double z = t.hi * t.hi;
  double q = z * (1.0 / 5 + z * (-1.0 / 7 + z * (1.0 / 9 + z * (-1.0 / 11 + z * (1.0 / 13 + z * (-1.0 / 15 + z * (1.0 / 17)))))));
  dd cc = dd_add_d(mk_dd(-0x1.5555555555555p-2, -0x1.5555555555555p-56), q); /* -1/3 + ... */
  dd at = dd_add(t, dd_mul(dd_mul(dd_mul(t, t), t), cc));
  return dd_add(mk_dd(ATAN_J[j][0], ATAN_J[j][1]), at);
}
dd __m_atan_dd(dd x) {
  if (x.hi <= 1) return atan_small(x);
  return dd_add(mk_dd(PIO2_HI, PIO2_LO), dd_neg(atan_small(dd_div(mk_dd(1.0, 0), x))));
}

double atan(double x) {
  if (isnan(x)) return x + x;
  double ax = fabs(x), v;
  if (ax < 0x1p-27) return x;
  if (ax > 0x1p60) v = PIO2_HI + PIO2_LO;
  else v = dd_round(__m_atan_dd(mk_dd(ax, 0)));
  return x < 0 ? -v : v;
}

/* The angle of the point (x, y) for x, y >= 0 as double-doubles, not both 0, within 2^60 of each
 * other in magnitude or so (the callers scale). */
static dd angle(dd y, dd x) {
  if (y.hi <= x.hi) return __m_atan_dd(dd_div(y, x));
  return dd_add(mk_dd(PIO2_HI, PIO2_LO), dd_neg(__m_atan_dd(dd_div(x, y))));
}

double atan2(double y, double x) {
  if (isnan(x) || isnan(y)) return x + y;
  int sy = signbit(y) != 0, sx = signbit(x) != 0;
  double v;
  if (y == 0) v = sx ? PI_HI + PI_LO : 0.0; /* atan2(±0, x): ±0 for +x (and +0), ±pi for -x */
  else if (x == 0) v = PIO2_HI + PIO2_LO;
  else if (isinf(x)) v = isinf(y) ? (sx ? 3 * (PIO2_HI / 2) : PIO2_HI / 2) : (sx ? PI_HI + PI_LO : 0.0);
  else if (isinf(y)) v = PIO2_HI + PIO2_LO;
  else {
    double ax = fabs(x), ay = fabs(y);
    int ex, ey;
    frexp(ax, &ex);
    frexp(ay, &ey);
    dd a;
    if (ey - ex < -60) { /* y/x is tiny: atan(y/x) = y/x */
      double t = ay / ax;
      if (!sx) return sy ? -t : t;
      a = dd_add_d(mk_dd(PI_HI, PI_LO), -t);
      v = dd_round(a);
      return sy ? -v : v;
    }
    if (ey - ex > 60) a = dd_add_d(mk_dd(PIO2_HI, PIO2_LO), ax / ay);
    else {
      int sc = ex > ey ? ex : ey; /* bring both near 1 */
      a = angle(mk_dd(ldexp(ay, -sc), 0), mk_dd(ldexp(ax, -sc), 0));
    }
    if (sx) a = dd_add(mk_dd(PI_HI, PI_LO), dd_neg(a));
    v = dd_round(a);
  }
  return sy ? -v : v;
}

/* sqrt(1 - x^2) = sqrt((1 - x)(1 + x)) for 0 <= x <= 1, as a double-double */
static dd cos_of_sin(double x) {
  dd p = dd_mul(two_sum(1.0, x), two_sum(1.0, -x));
  return __m_sqrt_dd(p);
}
double asin(double x) {
  if (isnan(x)) return x + x;
  double ax = fabs(x);
  if (ax > 1) return m_edom();
  if (ax < 0x1p-27) return x;
  double v = ax == 1 ? PIO2_HI + PIO2_LO : dd_round(angle(mk_dd(ax, 0), cos_of_sin(ax)));
  return x < 0 ? -v : v;
}
double acos(double x) {
  if (isnan(x)) return x + x;
  double ax = fabs(x);
  if (ax > 1) return m_edom();
  if (x == 1) return 0.0;
  if (x == -1) return PI_HI + PI_LO;
  dd a = angle(cos_of_sin(ax), mk_dd(ax, 0));
  if (x < 0) a = dd_add(mk_dd(PI_HI, PI_LO), dd_neg(a));
  return dd_round(a);
}
