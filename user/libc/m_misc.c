/* m_misc.c — sqrt (correctly rounded, digit by digit on the integer significand), hypot and
 * cbrt (double-double corrections, under an ulp), and the exact functions: copysign, fmin, fmax,
 * fdim, nextafter, remainder, rint/nearbyint/lrint/llrint, lround/llround. */
#include "mathint.h"
#include <limits.h>

double sqrt(double x) {
  m_u64 u = m_bits(x);
  if (isnan(x) || x == 0 || (isinf(x) && x > 0)) return x + x; /* NaN, ±0, +inf */
  if (u >> 63) return m_edom();
  int ex = (int)(u >> 52);
  m_u64 m = u & 0x000fffffffffffffULL;
  if (ex) m |= 0x0010000000000000ULL;
  else { ex = 1; while (!(m >> 52)) { m <<= 1; ex--; } } /* subnormal: normalize */
  int e = ex - 1075; /* x = m 2^e, m in [2^52, 2^53) */
  if (e & 1) { m <<= 1; e--; }
  /* N = m 2^56 (a 110-bit number) and q = floor(sqrt(N)) in [2^54, 2^55), two bits at a time */
  m_u64 nhi = m >> 8, nlo = m << 56, q = 0, r = 0;
  for (int i = 54; i >= 0; i--) {
    int pos = 2 * i;
    unsigned two = pos >= 64 ? (unsigned)(nhi >> (pos - 64)) & 3 : (unsigned)(nlo >> pos) & 3;
    r = (r << 2) | two;
    m_u64 t = (q << 2) | 1;
    if (r >= t) { r -= t; q = (q << 1) | 1; }
    else q <<= 1;
  }
  /* sqrt(x) = q 2^((e - 56)/2) + a remainder: round the low two bits, the rest of r is sticky */
  unsigned low = (unsigned)(q & 3);
  q >>= 2;
  if (low > 2 || (low == 2 && (r || (q & 1)))) q++;
  int re = (e - 56) / 2 + 2; /* result = q 2^re, q in [2^52, 2^53] */
  return ldexp((double)q, re);
}
float sqrtf(float x) { return (float)sqrt(x); } /* exact: 53 >= 2*24 + 2 */

dd __m_sqrt_dd(dd a) {
  if (a.hi <= 0) return mk_dd(0, 0);
  double h = sqrt(a.hi);
  dd p = two_prod(h, h);
  return fast_two_sum(h, ((a.hi - p.hi) - p.lo + a.lo) / (2 * h));
}

double hypot(double x, double y) {
  if (isinf(x) || isinf(y)) return HUGE_VAL;
  if (isnan(x) || isnan(y)) return x + y;
  double a = fabs(x), b = fabs(y);
  if (a < b) { double t = a; a = b; b = t; }
  if (b == 0) return a;
  int ea, eb;
  frexp(a, &ea);
  frexp(b, &eb);
  if (ea - eb > 60) return a + b;
  a = ldexp(a, -ea); /* [1/2, 1) */
  b = ldexp(b, -ea);
  dd s = dd_add(two_prod(a, a), two_prod(b, b));
  double v = ldexp(dd_round(__m_sqrt_dd(s)), ea);
  if (isinf(v)) errno = ERANGE;
  return v;
}

double cbrt(double x) {
  if (isnan(x) || isinf(x) || x == 0) return x + x;
  double a = fabs(x);
  int e;
  a = frexp(a, &e); /* [1/2, 1) */
  int r3 = ((e % 3) + 3) % 3;
  a = ldexp(a, r3); /* [1/2, 4), e - r3 a multiple of 3 */
  int k = (e - r3) / 3;
  double y = 1.0;
  for (int i = 0; i < 7; i++) y = y - (y * y * y - a) / (3 * y * y); /* Newton, to about an ulp */
  dd y2 = two_prod(y, y);
  dd y3 = dd_mul_d(y2, y);
  double res = ((a - y3.hi) - y3.lo) / (3 * y2.hi); /* a - y^3 exactly enough */
  double v = ldexp(y + res, k);
  return x < 0 ? -v : v;
}

double copysign(double x, double y) { return m_dbl((m_bits(x) & ~(1ULL << 63)) | (m_bits(y) & (1ULL << 63))); }
double fmin(double x, double y) {
  if (isnan(x)) return y;
  if (isnan(y)) return x;
  if (x == y) return signbit(x) ? x : y; /* fmin(-0, +0) is -0 */
  return x < y ? x : y;
}
double fmax(double x, double y) {
  if (isnan(x)) return y;
  if (isnan(y)) return x;
  if (x == y) return signbit(x) ? y : x;
  return x > y ? x : y;
}
double fdim(double x, double y) {
  if (isnan(x) || isnan(y)) return x + y;
  if (x <= y) return 0.0;
  double v = x - y;
  if (isinf(v)) errno = ERANGE;
  return v;
}

double nextafter(double x, double y) {
  if (isnan(x) || isnan(y)) return x + y;
  if (x == y) return y;
  m_u64 u;
  if (x == 0) u = 1 | (m_bits(y) & (1ULL << 63));
  else if ((x < y) == (x > 0)) u = m_bits(x) + 1; /* away from zero */
  else u = m_bits(x) - 1;
  double v = m_dbl(u);
  if (x != 0 && (isinf(v) || fabs(v) < 0x1p-1022)) errno = ERANGE; /* overflow or underflow, as glibc */
  return v;
}

double remainder(double x, double y) {
  if (isnan(x) || isnan(y)) return x + y;
  if (isinf(x) || y == 0) return m_edom();
  double ay = fabs(y), r = fabs(x);
  if (isinf(y)) return x;
  int odd = 0;
  if (ay <= 0x1p1022) r = fmod(r, 2 * ay); /* r in [0, 2|y|): the quotient's parity is known */
  if (r >= ay) { r -= ay; odd = 1; }
  if (r > ay - r || (r == ay - r && odd)) r -= ay; /* exact: r and ay are within a factor 2 */
  if (r == 0) r = 0.0;
  return signbit(x) ? -r : r;
}

double rint(double x) {
  if (!(fabs(x) < 0x1p52)) return x; /* integral already, or inf/NaN */
  double t = trunc(x), f = fabs(x - t);
  if (f > 0.5 || (f == 0.5 && fmod(t, 2.0) != 0)) t += x < 0 ? -1 : 1;
  return copysign(t, x);
}
double nearbyint(double x) { return rint(x); }
long lrint(double x) { return (long)rint(x); }
long long llrint(double x) { return (long long)rint(x); }
long lround(double x) { return (long)round(x); }
long long llround(double x) { return (long long)round(x); }

/* float forms: through double, one more rounding (exact for the exact functions) */
float hypotf(float x, float y) { return (float)hypot(x, y); }
float cbrtf(float x) { return (float)cbrt(x); }
float copysignf(float x, float y) { return (float)copysign(x, y); }
float fminf(float x, float y) { return (float)fmin(x, y); }
float fmaxf(float x, float y) { return (float)fmax(x, y); }
float fdimf(float x, float y) { return (float)fdim(x, y); }
float remainderf(float x, float y) { return (float)remainder(x, y); }
float rintf(float x) { return (float)rint(x); }
float nearbyintf(float x) { return (float)rint(x); }
long lrintf(float x) { return lrint(x); }
long lroundf(float x) { return lround(x); }
float floorf(float x) { return (float)floor(x); }
float ceilf(float x) { return (float)ceil(x); }
float truncf(float x) { return (float)trunc(x); }
float roundf(float x) { return (float)round(x); }
float fmodf(float x, float y) { return (float)fmod(x, y); }
float nextafterf(float x, float y) {
  if (isnan(x) || isnan(y)) return x + y;
  if (x == y) return y;
  unsigned u, uy;
  memcpy(&u, &x, 4);
  memcpy(&uy, &y, 4);
  if (x == 0) u = 1 | (uy & 0x80000000u);
  else if ((x < y) == (x > 0)) u++;
  else u--;
  float v;
  memcpy(&v, &u, 4);
  if (x != 0 && (isinf(v) || fabsf(v) < 0x1p-126f)) errno = ERANGE;
  return v;
}
/* a float result out of float's range (inf, or 0 from nonzero) is a range error even when the
 * double was not */
static float to_f(double d) {
  float f = (float)d;
  if ((isinf(f) && !isinf(d)) || (d != 0 && f == 0)) errno = ERANGE;
  return f;
}
float expf(float x) { return to_f(exp(x)); }
float exp2f(float x) { return to_f(exp2(x)); }
float expm1f(float x) { return to_f(expm1(x)); }
float logf(float x) { return to_f(log(x)); }
float log2f(float x) { return to_f(log2(x)); }
float log10f(float x) { return to_f(log10(x)); }
float log1pf(float x) { return to_f(log1p(x)); }
float powf(float x, float y) { return to_f(pow(x, y)); }
float sinf(float x) { return to_f(sin(x)); }
float cosf(float x) { return to_f(cos(x)); }
float tanf(float x) { return to_f(tan(x)); }
float asinf(float x) { return to_f(asin(x)); }
float acosf(float x) { return to_f(acos(x)); }
float atanf(float x) { return to_f(atan(x)); }
float atan2f(float y, float x) { return to_f(atan2(y, x)); }
float sinhf(float x) { return to_f(sinh(x)); }
float coshf(float x) { return to_f(cosh(x)); }
float tanhf(float x) { return to_f(tanh(x)); }
