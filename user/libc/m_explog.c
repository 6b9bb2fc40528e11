/* m_explog.c — exp, exp2, expm1, log, log2, log10, log1p, pow, sinh, cosh, tanh.
 * exp: x = k log 2 + r with |r| <= log(2)/2 (log 2 in three pieces so k times the first two is
 * exact), e^r - 1 by its Taylor series to r^14 (the r and r^2/2 terms as double-doubles, the rest,
 * under 1 % of the result, in double). log: x = 2^k m with m in [sqrt(1/2), sqrt(2)), and
 * log m = 2 atanh(s) = 2s + 2s^3/3 + 2s^5/5 + ... with s = (m - 1)/(m + 1), |s| < 0.1716, summed
 * to s^31. pow = exp(y log x) with y log x carried as a double-double, so |y log x| up to 745
 * still leaves e^(...) accurate to far below an ulp. */
#include "mathint.h"

#define C1 0x1.62e42fee00000p-1 /* log 2 = C1 + C2 + C3; C1 and C2 have 32 significant bits */
#define C2 0x1.a39ef35600000p-33
#define C3 0x1.93c7673007e5fp-65
#define INVLN2 0x1.71547652b82fep+0

static double nearest_int(double x) { return trunc(x + (x < 0 ? -0.5 : 0.5)); }

int __m_exp_core(dd x, dd *p) {
  double kf = nearest_int(x.hi * INVLN2);
  dd r = two_sum(x.hi - kf * C1, -kf * C2); /* both products and the difference are exact */
  r.lo += x.lo - kf * C3;
  r = fast_two_sum(r.hi, r.lo);
  double s = r.hi;
  double tail = s * s * s * (1.0 / 6 + s * (1.0 / 24 + s * (1.0 / 120 + s * (1.0 / 720 + s * (1.0 / 5040 +
      s * (1.0 / 40320 + s * (1.0 / 362880 + s * (1.0 / 3628800 + s * (1.0 / 39916800 +
      s * (1.0 / 479001600 + s * (1.0 / 6227020800.0 + s * (1.0 / 87178291200.0))))))))))));
  dd h = two_prod(s, s); /* s^2/2, exact */
  h.hi *= 0.5;
  h.lo *= 0.5;
  /* (s + lo)^2/2 adds s*lo; lo^2 and beyond are below 2^-106 */
  dd t = two_sum(h.hi, h.lo + tail + r.lo + s * r.lo);
  dd u = two_sum(s, t.hi);
  u.lo += t.lo;
  *p = fast_two_sum(u.hi, u.lo);
  return (int)kf;
}

/* 2^k * (1 + p) rounded once (twice below the normal range, still under an ulp) */
static double exp_finish(int k, dd p) {
  dd y = dd_add_d(p, 1.0);
  double v = y.hi + y.lo;
  if (k > 1000) return ldexp(ldexp(v, 1000), k - 1000);
  return ldexp(v, k);
}

static double exp_dd(dd x) {
  if (x.hi > 709.79) return m_erange(HUGE_VAL);
  if (x.hi < -745.2) return m_erange(0.0);
  dd p;
  int k = __m_exp_core(x, &p);
  double v = exp_finish(k, p);
  if (isinf(v) || v == 0) errno = ERANGE; /* a subnormal result is not an error, as glibc */
  return v;
}

double exp(double x) {
  if (isnan(x)) return x + x;
  if (isinf(x)) return x > 0 ? x : 0.0;
  if (fabs(x) < 0x1p-60) return 1.0 + x;
  return exp_dd(mk_dd(x, 0));
}

double exp2(double x) {
  if (isnan(x)) return x + x;
  if (isinf(x)) return x > 0 ? x : 0.0;
  if (x > 1025) return m_erange(HUGE_VAL);
  if (x < -1080) return m_erange(0.0);
  double k = nearest_int(x);
  dd r = dd_mul_d(mk_dd(LN2_HI, LN2_LO), x - k); /* x - k is exact */
  dd p;
  int j = r.hi == 0 ? (p = mk_dd(0, 0), 0) : __m_exp_core(r, &p);
  double v = exp_finish(j + (int)k, p);
  if (isinf(v) || v == 0) errno = ERANGE;
  return v;
}

/* e^x - 1 as a double-double for -40 <= x <= 50: 2^k p + (2^k - 1), both exact pieces */
static dd expm1_dd(double x) {
  dd p;
  int k = __m_exp_core(mk_dd(x, 0), &p);
  return dd_add(dd_scale(p, k), two_sum(ldexp(1.0, k), -1.0));
}

double expm1(double x) {
  if (isnan(x)) return x + x;
  if (x == 0 || fabs(x) < 0x1p-60) return x;
  if (x < -40) return -1.0 + 0x1p-60; /* rounds to -1, inexact */
  if (x > 50) return exp(x);
  return dd_round(expm1_dd(x));
}

dd __m_log_core(double x, int *k, dd *logm) {
  int e = 0;
  if (x < 0x1p-1022) { x *= 0x1p54; e = -54; } /* subnormal: normalize first */
  m_u64 u = m_bits(x);
  e += (int)((u >> 52) & 0x7ff) - 1023;
  double m = m_dbl((u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL); /* [1, 2) */
  if (m > 0x1.6a09e667f3bcdp+0) { m *= 0.5; e++; }                  /* now [sqrt(1/2), sqrt(2)) */
  double f = m - 1.0; /* exact */
  dd d = two_sum(2.0, f);
  double sh = f / d.hi;
  dd q = two_prod(sh, d.hi);
  double sl = (((f - q.hi) - q.lo) - sh * d.lo) / d.hi;
  dd s = fast_two_sum(sh, sl);
  dd s2 = dd_mul(s, s);
  double z = s2.hi;
  double rest = 2.0 / 5 + z * (2.0 / 7 + z * (2.0 / 9 + z * (2.0 / 11 + z * (2.0 / 13 + z * (2.0 / 15 +
      z * (2.0 / 17 + z * (2.0 / 19 + z * (2.0 / 21 + z * (2.0 / 23 + z * (2.0 / 25 + z * (2.0 / 27 +
      z * (2.0 / 29 + z * (2.0 / 31)))))))))))));
  dd c = dd_add(mk_dd(0x1.5555555555555p-1, 0x1.5555555555555p-55), two_prod(z, rest)); /* 2/3 + ... */
  dd lm = dd_add(mk_dd(2 * s.hi, 2 * s.lo), dd_mul(dd_mul(s2, s), c));
  *k = e;
  *logm = lm;
  return dd_add(dd_mul_d(mk_dd(LN2_HI, LN2_LO), (double)e), lm);
}

/* The special cases shared by the logarithms; 0 when x is an ordinary positive number. */
static int log_special(double x, double *r) {
  if (isnan(x)) { *r = x + x; return 1; }
  if (x == 0) { *r = m_erange(-HUGE_VAL); return 1; }
  if (x < 0) { *r = m_edom(); return 1; }
  if (isinf(x)) { *r = x; return 1; }
  return 0;
}

double log(double x) {
  double r;
  if (log_special(x, &r)) return r;
  if (x == 1) return 0.0;
  int k;
  dd lm;
  return dd_round(__m_log_core(x, &k, &lm));
}
double log2(double x) {
  double r;
  if (log_special(x, &r)) return r;
  int k;
  dd lm;
  __m_log_core(x, &k, &lm);
  return dd_round(dd_add_d(dd_mul(lm, mk_dd(INVLN2, 0x1.777d0ffda0d24p-56)), (double)k));
}
double log10(double x) {
  double r;
  if (log_special(x, &r)) return r;
  if (x == 1) return 0.0;
  int k;
  dd lm;
  return dd_round(dd_mul(__m_log_core(x, &k, &lm), mk_dd(0x1.bcb7b1526e50ep-2, 0x1.95355baaafad3p-57)));
}
double log1p(double x) {
  if (isnan(x)) return x + x;
  if (x == -1) return m_erange(-HUGE_VAL);
  if (x < -1) return m_edom();
  if (isinf(x)) return x;
  if (fabs(x) < 0x1p-54) return x;
  if (fabs(x) < 0x1p-16) { /* x - x^2/2 + x^3/3 - ...: hi + lo of 1 + x would lose x's low bits */
    dd h = two_prod(x, x);
    double rest = x * h.hi * (1.0 / 3 + x * (-1.0 / 4 + x * (1.0 / 5 - x / 6)));
    return dd_round(dd_add(mk_dd(x, 0), mk_dd(-0.5 * h.hi, -0.5 * h.lo + rest)));
  }
  dd u = two_sum(1.0, x);
  int k;
  dd lm;
  dd l = __m_log_core(u.hi, &k, &lm);
  return dd_round(dd_add_d(l, u.lo / u.hi)); /* log(hi + lo) = log(hi) + lo/hi - (lo/hi)^2/2 ... */
}

/* 0: not an integer, 1: odd integer, 2: even integer */
static int int_kind(double y) {
  if (isinf(y) || trunc(y) != y) return 0;
  if (fabs(y) >= 0x1p53) return 2;
  return fmod(y, 2.0) != 0 ? 1 : 2;
}

double pow(double x, double y) {
  if (y == 0 || x == 1) return 1.0;
  if (isnan(x) || isnan(y)) return x + y;
  int yk = int_kind(y);
  if (x == 0) {
    int neg = signbit(x) && yk == 1;
    if (isinf(y)) return y < 0 ? HUGE_VAL : 0.0; /* no pole error for -inf, as glibc */
    if (y < 0) return m_erange(neg ? -HUGE_VAL : HUGE_VAL); /* pole */
    return neg ? -0.0 : 0.0;
  }
  if (isinf(y)) {
    double ax = fabs(x);
    if (ax == 1) return 1.0;
    return (ax < 1) == (y < 0) ? HUGE_VAL : 0.0;
  }
  if (isinf(x)) {
    int neg = x < 0 && yk == 1;
    if (y < 0) return neg ? -0.0 : 0.0;
    return neg ? -HUGE_VAL : HUGE_VAL;
  }
  int neg = 0;
  if (x < 0) {
    if (!yk) return m_edom();
    neg = yk == 1;
    x = -x;
  }
  int k;
  dd lm;
  dd l = __m_log_core(x, &k, &lm);
  dd t = fabs(y) > 0x1p900 ? mk_dd(l.hi * y, 0) : dd_mul_d(l, y); /* huge y: surely out of range */
  double v;
  if (t.hi > 709.79) v = m_erange(HUGE_VAL);
  else if (t.hi < -745.2) v = m_erange(0.0);
  else v = exp_dd(t);
  return neg ? -v : v;
}

double cosh(double x) {
  if (isnan(x)) return x + x;
  double ax = fabs(x);
  if (isinf(x)) return ax;
  if (ax > 710.5) return m_erange(HUGE_VAL);
  if (ax < 0x1p-30) return 1.0 + ax * ax; /* 1, inexact */
  dd p;
  int k = __m_exp_core(mk_dd(ax, 0), &p);
  if (ax > 22) { /* e^-x is below 2^-63 of e^x */
    double v = exp_finish(k - 1, p);
    if (isinf(v)) errno = ERANGE;
    return v;
  }
  dd e = dd_scale(dd_add_d(p, 1.0), k);
  dd s = dd_add(e, dd_div(mk_dd(1.0, 0), e));
  return dd_round(s) * 0.5;
}
double sinh(double x) {
  if (isnan(x) || isinf(x) || x == 0) return x + x;
  double ax = fabs(x), v;
  if (ax < 0x1p-28) return x;
  if (ax > 710.5) v = m_erange(HUGE_VAL);
  else if (ax > 22) {
    dd p;
    int k = __m_exp_core(mk_dd(ax, 0), &p);
    v = exp_finish(k - 1, p);
    if (isinf(v)) errno = ERANGE;
  } else { /* (t + t/(t + 1))/2 with t = e^x - 1: no cancellation for small x */
    dd t = expm1_dd(ax);
    dd s = dd_add(t, dd_div(t, dd_add_d(t, 1.0)));
    v = dd_round(s) * 0.5;
  }
  return x < 0 ? -v : v;
}
double tanh(double x) {
  if (isnan(x) || x == 0) return x + x;
  double ax = fabs(x), v;
  if (ax > 22) v = 1.0 - 0x1p-60; /* rounds to 1, inexact */
  else if (ax < 0x1p-28) return x;
  else { /* t/(t + 2) with t = e^2x - 1 */
    dd t = expm1_dd(2 * ax);
    v = dd_round(dd_div(t, dd_add_d(t, 2.0)));
  }
  return x < 0 ? -v : v;
}
