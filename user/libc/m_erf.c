/* m_erf.c — erf and erfc. Below 3 in magnitude, erf x = (2/sqrt(pi)) e^(-x^2) times the series
 * sum of 2^n x^(2n+1) / (1*3*...*(2n+1)) (all terms positive: no cancellation), in
 * double-double, and erfc = 1 - erf below 1.5 (erfc is not small there); from 1.5 up,
 * erfc x = e^(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), the continued
 * fraction summed from 130 levels down (60 from 3 up), and erf = 1 - erfc from 3. Under 1 ulp. */
#include "mathint.h"

#define TWO_SQRTPI_HI 0x1.20dd750429b6dp+0 /* 2/sqrt(pi) */
#define TWO_SQRTPI_LO 0x1.1ae3a914fed80p-56

/* e^(-x^2) as a double-double, x^2 below 746 */
static dd exp_neg_sq(double x) {
  dd p;
  int k = __m_exp_core(dd_neg(two_prod(x, x)), &p);
  return dd_scale(dd_add_d(p, 1.0), k);
}

/* erf x for |x| < 3 */
static dd erf_series(double x) {
  dd x2 = two_prod(x, 2 * x); /* 2x^2 exactly: a rounded one would cost n/2 ulps at term n */
  dd term = mk_dd(x, 0), sum = term;
  for (int n = 1; n < 200; n++) {
    term = dd_div(dd_mul(term, x2), mk_dd(2 * n + 1, 0));
    sum = dd_add(sum, term);
    if (fabs(term.hi) < fabs(sum.hi) * 0x1p-110) break;
  }
  return dd_mul(dd_mul(mk_dd(TWO_SQRTPI_HI, TWO_SQRTPI_LO), exp_neg_sq(x)), sum);
}

/* erfc x for 1.5 <= x < 27.3; the fraction's error falls as e^(-4x sqrt(levels)) */
static dd erfc_cf(double x) {
  dd f = mk_dd(x, 0);
  for (int k = x < 3 ? 130 : 60; k >= 1; k--) f = dd_add_d(dd_div(mk_dd(k * 0.5, 0), f), x);
  return dd_div(dd_mul(mk_dd(TWO_SQRTPI_HI * 0.5, TWO_SQRTPI_LO * 0.5), exp_neg_sq(x)), f);
}

double erf(double x) {
  if (isnan(x) || x == 0) return x + x; /* ±0 keeps its sign */
  double ax = fabs(x), v;
  if (ax >= 6) v = 1.0 - 0x1p-60; /* erfc(6) < 2^-55: rounds to 1, inexact */
  else if (ax < 0x1p-28) return dd_round(dd_mul_d(mk_dd(TWO_SQRTPI_HI, TWO_SQRTPI_LO), x));
  else if (ax < 3) v = dd_round(erf_series(ax));
  else v = dd_round(dd_add_d(dd_neg(erfc_cf(ax)), 1.0));
  return x < 0 ? -v : v;
}

double erfc(double x) {
  if (isnan(x)) return x + x;
  if (x == INFINITY) return 0.0;
  if (x < -6) return 2.0 - 0x1p-60; /* rounds to 2 */
  /* 1 - erf while erfc is not small (erf's double-double is good to 2^-62 or so) */
  if (x < 1.5) return dd_round(dd_add_d(dd_neg(erf_series(x)), 1.0)); /* erf_series takes negatives */
  if (x > 27.3) return m_erange(0.0);
  double v = dd_round(erfc_cf(x));
  if (v == 0) errno = ERANGE;
  return v;
}
float erff(float x) { return (float)erf(x); }
float erfcf(float x) {
  float f = (float)erfc(x);
  if (f == 0 && x < 27.3f) errno = ERANGE;
  return f;
}
