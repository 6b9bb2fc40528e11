/* m_gamma.c — lgamma (with signgam, and lgamma_r) and tgamma. For x >= 12, Stirling's series
 * (x - 1/2) log x - x + log(2 pi)/2 + sum of B_2k / (2k (2k - 1) x^(2k-1)), in double-double;
 * below 12 the recurrence Gamma(x) = Gamma(x + n) / (x (x + 1) ... (x + n - 1)); within 0.2 of
 * 1 and 2, where lgamma vanishes, its Taylor series (coefficients from zeta(k)/k); negative x
 * by the reflection Gamma(x) Gamma(1 - x) = pi / sin(pi x). Under 1 ulp except next to the zeros
 * of lgamma below -2 (as glibc's). */
#include "mathint.h"

int signgam;

#define EULER mk_dd(0x1.2788cfc6fb619p-1, -0x1.6cb90701fbfabp-58)
#define HALF_LOG_2PI mk_dd(0x1.d67f1c864beb5p-1, -0x1.65b5a1b7ff5dfp-55)
#define LOG_PI mk_dd(0x1.250d048e7a1bdp+0, 0x1.7abf2ad8d5088p-57)
#define PI_DD mk_dd(0x1.921fb54442d18p+1, 0x1.1a62633145c07p-53)

/* (-1)^k zeta(k)/k and (-1)^k (zeta(k) - 1)/k for k = 3..39 */
static const double Z1[] = {-0x1.9a4d55beab2d7p-2, 0x1.151322ac7d848p-2, -0x1.a8b9c17aa6149p-3, 0x1.5b40cb100c306p-3,
  -0x1.2703a1dcea3aep-3, 0x1.010b36af86397p-3, -0x1.c806706d57db4p-4, 0x1.9a01e385d5f8fp-4, -0x1.748c33114c6d6p-4,
  0x1.556ad63243bc4p-4, -0x1.3b1d971fc5985p-4, 0x1.2496df8320c5fp-4, -0x1.11133476e7fe0p-4, 0x1.00010064cdeb2p-4,
  -0x1.e1e2d311e8abdp-5, 0x1.c71ce3a20b419p-5, -0x1.af28a1b5688a0p-5, 0x1.9999b3352d5bap-5, -0x1.86186db77bfbfp-5,
  0x1.745d1d1778df9p-5, -0x1.642c88591b66dp-5, 0x1.555556aaafdcdp-5, -0x1.47ae151eb9fb7p-5, 0x1.3b13b189d925ep-5,
  -0x1.2f684c00002bcp-5, 0x1.24924936db7bcp-5, -0x1.1a7b961a7b9aap-5, 0x1.111111155556dp-5, -0x1.08421086318cep-5,
  0x1.0000000100002p-5, -0x1.f07c1f08ba2eap-6, 0x1.e1e1e1e25a5a6p-6, -0x1.d41d41d457c58p-6, 0x1.c71c71c738e39p-6,
  -0x1.bacf914c29837p-6, 0x1.af286bca21af3p-6, -0x1.a41a41a41d89ep-6};
static const double Z2[] = {-0x1.13e001a557607p-4, 0x1.51322ac7d8483p-6, -0x1.e404fc218f5f2p-8, 0x1.7add6eadb6c30p-9,
  -0x1.38ac5c2bf8e08p-10, 0x1.0b36af86396e9p-11, -0x1.d3fd4c76d2fc8p-13, 0x1.a127b0f17d65ap-14, -0x1.78de5bd7c81efp-15,
  0x1.580dcee66eb02p-16, -0x1.3cbc963ce2243p-17, 0x1.2597a39f34aacp-18, -0x1.11b2eb7679541p-19, 0x1.0064cdeb22f0fp-20,
  -0x1.e2600d93cfd2fp-22, 0x1.c76bbb3f07a4dp-23, -0x1.af5a6cbbf8a97p-24, 0x1.99b93c2070b0fp-25, -0x1.862c734df3eacp-26,
  0x1.7469daccfadcdp-27, -0x1.6434a8447aeadp-28, 0x1.555a877ffd2c3p-29, -0x1.47b1679258d0ep-30, 0x1.3b15d2b2fc10cp-31,
  -0x1.2f69a9fabe3e0p-32, 0x1.24932a337434cp-33, -0x1.1a7c26ec2523cp-34, 0x1.11116e693ed98p-35, -0x1.08424cbc543d8p-36,
  0x1.000026e3f644fp-37, -0x1.f07c514fc9f0ap-39, 0x1.e1e2026aafcd8p-40, -0x1.d41d56e5ee2e2p-41, 0x1.c71c7f6f10e37p-42,
  -0x1.bacf9a27bc89bp-43, 0x1.af28718a10d6ep-44, -0x1.a41a45603e5b6p-45};
/* B_2k / (2k (2k - 1)) for k = 2..13 */
static const double B[] = {-0x1.6c16c16c16c17p-9, 0x1.a01a01a01a01ap-11, -0x1.3813813813814p-11, 0x1.b951e2b18ff23p-11,
  -0x1.f6ab0d9993c7dp-10, 0x1.a41a41a41a41ap-8, -0x1.e4286cb0f5398p-6, 0x1.6fe96381e0680p-3, -0x1.6476701181f3ap+0,
  0x1.ace44322ce006p+3, -0x1.39b2525cccc1bp+7, 0x1.12234e81b4e82p+11};

static dd log_dd(dd a) {
  int k;
  dd lm;
  return dd_add_d(__m_log_core(a.hi, &k, &lm), a.lo / a.hi);
}

/* log Gamma(X) for X >= 12 (a double-double) */
static dd stirling(dd x) {
  dd t = dd_mul(dd_add_d(x, -0.5), log_dd(x));
  t = dd_add(dd_add(t, dd_neg(x)), HALF_LOG_2PI);
  dd inv = dd_div(mk_dd(1.0, 0), x);
  double z = inv.hi * inv.hi, p = 0;
  for (int k = 11; k >= 0; k--) p = B[k] + z * p;
  dd first = dd_mul(mk_dd(0x1.5555555555555p-4, 0x1.5555555555555p-58), inv); /* 1/(12x) */
  return dd_add(t, dd_add_d(first, inv.hi * z * p));
}

/* series in e: c1 e + c2 e^2 + sum z[k-3] e^k (c1, c2 double-doubles) */
static dd taylor(dd e, dd c1, dd c2, const double *z) {
  double p = 0;
  for (int k = 36; k >= 0; k--) p = z[k] + e.hi * p;
  dd e2 = dd_mul(e, e);
  return dd_add(dd_add(dd_mul(c1, e), dd_mul(c2, e2)), dd_mul_d(dd_mul(e2, e), p));
}

/* log Gamma(X) for X > 0 */
static dd lgamma_pos(dd x) {
  if (fabs(x.hi - 1) < 0.2) /* lgamma(1 + e) = -gamma e + zeta(2)/2 e^2 - ... */
    return taylor(dd_add_d(x, -1.0), dd_neg(EULER), mk_dd(0x1.a51a6625307d3p-1, 0x1.1873d8912200cp-56), Z1);
  if (fabs(x.hi - 2) < 0.2) /* lgamma(2 + e) = (1 - gamma) e + (zeta(2) - 1)/2 e^2 - ... */
    return taylor(dd_add_d(x, -2.0), dd_add_d(dd_neg(EULER), 1.0), mk_dd(0x1.4a34cc4a60fa6p-2, 0x1.1873d8912200cp-56), Z2);
  if (x.hi >= 12) return stirling(x);
  dd prod = x, y = x;
  while ((y = dd_add_d(y, 1.0)).hi < 12) prod = dd_mul(prod, y);
  return dd_add(stirling(y), dd_neg(log_dd(prod)));
}

/* sin(pi x) for a non-integer x, |x| < 2^52, as a double-double */
static dd sinpi(double x) {
  double r = x - 2 * round(x / 2); /* exact, in [-1, 1] */
  if (r > 0.5) r = 1 - r;          /* sin(pi r) = sin(pi (1 - r)) */
  else if (r < -0.5) r = -1 - r;
  double a = fabs(r);
  dd v = a <= 0.25 ? __m_sin_k(dd_mul_d(PI_DD, a)) : __m_cos_k(dd_mul_d(PI_DD, 0.5 - a));
  return r < 0 ? dd_neg(v) : v;
}

static int is_int(double x) { return fabs(x) >= 0x1p52 || trunc(x) == x; }

double lgamma_r(double x, int *sign) {
  *sign = 1;
  if (isnan(x)) return x + x;
  if (isinf(x)) return HUGE_VAL;
  if (x == 0) { *sign = signbit(x) ? -1 : 1; return m_erange(HUGE_VAL); } /* pole */
  if (x < 0 && is_int(x)) return m_erange(HUGE_VAL);
  if (x > 0x1p1015) return m_erange(HUGE_VAL); /* x log x overflows */
  if (x > 0) {
    if (x == 1 || x == 2) return 0.0;
    return dd_round(lgamma_pos(mk_dd(x, 0)));
  }
  dd s = sinpi(x); /* log|Gamma(x)| = log pi - log|sin(pi x)| - lgamma(1 - x) */
  if (s.hi < 0) { *sign = -1; s = dd_neg(s); }
  dd l = dd_add(dd_add(LOG_PI, dd_neg(log_dd(s))), dd_neg(lgamma_pos(two_sum(1.0, -x))));
  return dd_round(l);
}
double lgamma(double x) { return lgamma_r(x, &signgam); }

/* Gamma(X) for X > 0 and Gamma(X) < 2^1024 or so, as a double-double, or inf */
static dd gamma_pos(dd x) {
  dd l, prod = mk_dd(1.0, 0);
  if (x.hi >= 12) l = stirling(x);
  else {
    dd y = x;
    prod = x;
    while ((y = dd_add_d(y, 1.0)).hi < 12) prod = dd_mul(prod, y);
    l = stirling(y);
  }
  if (l.hi > 709.7) return mk_dd(HUGE_VAL, 0);
  dd p;
  int k = __m_exp_core(l, &p);
  dd g = dd_add_d(p, 1.0);
  g = dd_div(g, prod);
  return k > 1000 ? mk_dd(ldexp(dd_round(g), k), 0) : dd_scale(g, k);
}

double tgamma(double x) {
  if (isnan(x)) return x + x;
  if (x == INFINITY) return x;
  if (x == 0) return m_erange(signbit(x) ? -HUGE_VAL : HUGE_VAL); /* pole */
  if (x < 0 && is_int(x)) return m_edom(); /* -inf too */
  if (x > 171.7) return m_erange(HUGE_VAL);
  if (x > 0) {
    if (x < 0x1p-60) { /* 1/x - gamma: 1/x alone when rounded */
      double v = 1 / x;
      if (isinf(v)) errno = ERANGE;
      return v;
    }
    double v = dd_round(gamma_pos(mk_dd(x, 0)));
    if (isinf(v)) errno = ERANGE;
    return v;
  }
  dd s = sinpi(x);
  double v;
  if (x > -170) { /* pi / (sin(pi x) Gamma(1 - x)) */
    v = dd_round(dd_div(PI_DD, dd_mul(s, gamma_pos(two_sum(1.0, -x)))));
  } else { /* through logarithms: the result is tiny */
    int neg = s.hi < 0;
    if (neg) s = dd_neg(s);
    dd l = dd_add(dd_add(LOG_PI, dd_neg(log_dd(s))), dd_neg(lgamma_pos(two_sum(1.0, -x))));
    if (l.hi < -745.2) v = 0.0;
    else {
      dd p;
      int k = __m_exp_core(l, &p);
      v = ldexp(dd_round(dd_add_d(p, 1.0)), k);
    }
    if (neg) v = -v;
  }
  if (v == 0) errno = ERANGE;
  return v;
}

float lgammaf(float x) { return (float)lgamma(x); }
float tgammaf(float x) {
  float f = (float)tgamma(x);
  if (isinf(f) && !isinf(x)) errno = ERANGE;
  return f;
}
