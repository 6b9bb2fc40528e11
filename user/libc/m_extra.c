/* m_extra.c — asinh, acosh, atanh (logarithms of double-doubles), remquo, ilogb, logb, scalbn,
 * scalbln, nan, and their float forms. */
#include "mathint.h"
#include <limits.h>

/* log(a) for a double-double a > 0: log(hi) + log(1 + lo/hi), the second term to first order */
static dd log_dd(dd a) {
  int k;
  dd lm;
  return dd_add_d(__m_log_core(a.hi, &k, &lm), a.lo / a.hi);
}

double asinh(double x) {
  if (isnan(x) || isinf(x) || x == 0) return x + x;
  double ax = fabs(x), v;
  if (ax < 0x1p-27) return x;
  if (ax < 0x1p-16) { /* x - x^3/6 + 3x^5/40 */
    v = dd_round(dd_add_d(mk_dd(ax, 0), ax * ax * ax * (-1.0 / 6 + ax * ax * (3.0 / 40))));
  } else if (ax > 0x1p28) { /* log(2x): 1/(4x^2) is below 2^-58 */
    int k;
    dd lm;
    v = dd_round(dd_add(__m_log_core(ax, &k, &lm), mk_dd(LN2_HI, LN2_LO)));
  } else {
    dd s = __m_sqrt_dd(dd_add_d(two_prod(ax, ax), 1.0));
    if (ax < 0.5) { /* log1p(x + x^2/(1 + sqrt(1 + x^2))): no cancellation near 0 */
      dd t = dd_add_d(dd_div(two_prod(ax, ax), dd_add_d(s, 1.0)), ax);
      dd u = dd_add_d(t, 1.0);
      dd corr = dd_add(dd_add_d(u, -1.0), dd_neg(t)); /* what 1 + t lost */
      v = dd_round(dd_add_d(log_dd(u), -corr.hi / u.hi));
    } else v = dd_round(log_dd(dd_add_d(s, ax)));
  }
  return x < 0 ? -v : v;
}

double acosh(double x) {
  if (isnan(x)) return x + x;
  if (x < 1) return m_edom();
  if (x == 1) return 0.0;
  if (isinf(x)) return x;
  if (x > 0x1p28) {
    int k;
    dd lm;
    return dd_round(dd_add(__m_log_core(x, &k, &lm), mk_dd(LN2_HI, LN2_LO)));
  }
  /* log(x + sqrt((x - 1)(x + 1))) */
  dd s = __m_sqrt_dd(dd_mul(two_sum(x, -1.0), two_sum(x, 1.0)));
  return dd_round(log_dd(dd_add_d(s, x)));
}

double atanh(double x) {
  if (isnan(x)) return x + x;
  double ax = fabs(x), v;
  if (ax > 1) return m_edom();
  if (ax == 1) return m_erange(x > 0 ? HUGE_VAL : -HUGE_VAL); /* pole */
  if (ax < 0x1p-27) return x;
  if (ax < 0x1p-16) v = dd_round(dd_add_d(mk_dd(ax, 0), ax * ax * ax * (1.0 / 3 + ax * ax * (1.0 / 5)))); /* x + x^3/3 + x^5/5 */
  else { /* log((1 + x)/(1 - x))/2 */
    dd q = dd_div(two_sum(1.0, ax), two_sum(1.0, -ax));
    v = dd_round(log_dd(q)) * 0.5;
  }
  return x < 0 ? -v : v;
}

double remquo(double x, double y, int *quo) {
  *quo = 0;
  if (isnan(x) || isnan(y)) return x + y;
  if (isinf(x) || y == 0) return m_edom();
  if (isinf(y)) return x;
  double ay = fabs(y), r = fabs(x);
  unsigned q = 0;
  if (ay <= 0x1p1020) r = fmod(r, 8 * ay); /* r in [0, 8|y|): the quotient's low three bits follow */
  if (r >= 4 * ay) { r -= 4 * ay; q += 4; } /* each subtraction is exact: r within a factor 2 */
  if (r >= 2 * ay) { r -= 2 * ay; q += 2; }
  if (r >= ay) { r -= ay; q += 1; }
  if (r > ay - r || (r == ay - r && (q & 1))) { r -= ay; q++; }
  int sq = (int)q; /* 0..8: as glibc, the rounding may carry to 8 */
  *quo = (signbit(x) != 0) != (signbit(y) != 0) ? -sq : sq;
  if (r == 0) r = 0.0;
  return signbit(x) ? -r : r;
}

int ilogb(double x) {
  if (x == 0 || isnan(x)) { errno = EDOM; return INT_MIN; }
  if (isinf(x)) { errno = EDOM; return INT_MAX; }
  int e;
  frexp(x, &e);
  return e - 1;
}
double logb(double x) {
  if (isnan(x)) return x + x;
  if (isinf(x)) return fabs(x);
  if (x == 0) return -HUGE_VAL; /* a pole, but glibc leaves errno alone */
  int e;
  frexp(x, &e);
  return e - 1;
}
double scalbn(double x, int n) { return ldexp(x, n); }
double scalbln(double x, long n) { return ldexp(x, n > INT_MAX ? INT_MAX : n < INT_MIN ? INT_MIN : (int)n); }
double nan(const char *tag) { (void)tag; return __builtin_nan(""); }
float nanf(const char *tag) { (void)tag; return __builtin_nanf(""); }

float asinhf(float x) { return (float)asinh(x); }
float acoshf(float x) { return (float)acosh(x); }
float atanhf(float x) { return (float)atanh(x); }
float remquof(float x, float y, int *quo) { return (float)remquo(x, y, quo); }
int ilogbf(float x) { return ilogb(x); }
float logbf(float x) { return (float)logb(x); }
float scalbnf(float x, int n) { return (float)ldexp(x, n); }
float ldexpf(float x, int n) { return (float)ldexp(x, n); }
float frexpf(float x, int *e) { return (float)frexp(x, e); }
float modff(float x, float *ip) {
  double i;
  double f = modf(x, &i);
  *ip = (float)i;
  return (float)f;
}
