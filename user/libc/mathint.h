/* mathint.h — private to the math functions (m_*.c): double-double arithmetic (a value carried
 * as an unevaluated sum hi + lo, about 106 bits) and the shared cores. The functions compute
 * their result as a double-double accurate to far below an ulp, so the one final rounding
 * (hi + lo) gives the correctly rounded result except within a hair of a midpoint: under 1 ulp
 * always. Error-free transformations (Knuth's two-sum, Dekker's product with Veltkamp's split)
 * need only IEEE + - x with round to nearest, which the soft-float runtime gives exactly. */
#ifndef _MATHINT_H
#define _MATHINT_H
#include <math.h>
#include <errno.h>
#include <string.h>

typedef unsigned long long m_u64;
typedef struct { double hi, lo; } dd;

static inline m_u64 m_bits(double d) { m_u64 u; memcpy(&u, &d, 8); return u; }
static inline double m_dbl(m_u64 u) { double d; memcpy(&d, &u, 8); return d; }
static inline dd mk_dd(double hi, double lo) { dd r; r.hi = hi; r.lo = lo; return r; }

/* a + b exactly, as s + e */
static inline dd two_sum(double a, double b) {
  double s = a + b, bb = s - a;
  return mk_dd(s, (a - (s - bb)) + (b - bb));
}
/* the same when |a| >= |b| (or a is 0) */
static inline dd fast_two_sum(double a, double b) {
  double s = a + b;
  return mk_dd(s, b - (s - a));
}
/* a * b exactly (no overflow: |a|, |b| below 2^995) */
static inline dd two_prod(double a, double b) {
  double p = a * b;
  double ca = 134217729.0 * a, ah = ca - (ca - a), al = a - ah;
  double cb = 134217729.0 * b, bh = cb - (cb - b), bl = b - bh;
  return mk_dd(p, ((ah * bh - p) + ah * bl + al * bh) + al * bl);
}
static inline dd dd_add(dd a, dd b) {
  dd s = two_sum(a.hi, b.hi), t = two_sum(a.lo, b.lo);
  s.lo += t.hi;
  s = fast_two_sum(s.hi, s.lo);
  s.lo += t.lo;
  return fast_two_sum(s.hi, s.lo);
}
static inline dd dd_add_d(dd a, double b) {
  dd s = two_sum(a.hi, b);
  s.lo += a.lo;
  return fast_two_sum(s.hi, s.lo);
}
static inline dd dd_neg(dd a) { return mk_dd(-a.hi, -a.lo); }
static inline dd dd_mul(dd a, dd b) {
  dd p = two_prod(a.hi, b.hi);
  p.lo += a.hi * b.lo + a.lo * b.hi;
  return fast_two_sum(p.hi, p.lo);
}
static inline dd dd_mul_d(dd a, double b) {
  dd p = two_prod(a.hi, b);
  p.lo += a.lo * b;
  return fast_two_sum(p.hi, p.lo);
}
static inline dd dd_div(dd a, dd b) {
  double q = a.hi / b.hi;
  dd p = dd_mul_d(b, q);
  double r = ((a.hi - p.hi) - p.lo + a.lo) / b.hi;
  return fast_two_sum(q, r);
}
static inline dd dd_scale(dd a, int k) { return mk_dd(ldexp(a.hi, k), ldexp(a.lo, k)); }
static inline double dd_round(dd a) { return a.hi + a.lo; }

/* log(2), pi/2, pi as double-doubles (the constants' binary digits) */
#define LN2_HI 0x1.62e42fefa39efp-1
#define LN2_LO 0x1.abc9e3b39803fp-56
#define PIO2_HI 0x1.921fb54442d18p+0
#define PIO2_LO 0x1.1a62633145c07p-54
#define PI_HI 0x1.921fb54442d18p+1
#define PI_LO 0x1.1a62633145c07p-53

/* m_explog.c: e^(x.hi + x.lo) = 2^k * (1 + p) for |x| < 746; returns k, sets p */
int __m_exp_core(dd x, dd *p);
/* m_explog.c: log(x) for finite x > 0, as log(m) + k log 2 with m in [sqrt(1/2), sqrt(2)) */
dd __m_log_core(double x, int *k, dd *logm);
dd __m_sqrt_dd(dd a);
/* m_trig.c: sin r and cos r for |r| <= pi/4 */
dd __m_sin_k(dd r);
dd __m_cos_k(dd r);
/* m_trig.c: atan(x) for x >= 0 */
dd __m_atan_dd(dd x);
/* errno helpers: the value, with errno set */
static inline double m_edom(void) { errno = EDOM; return __builtin_nan(""); }
static inline double m_erange(double v) { errno = ERANGE; return v; }
#endif
