/* cf_math.c — math.h against Linux: the special cases of C99 Annex F (±0, ±inf, NaN), the errno
 * POSIX gives domain errors (EDOM, NaN), poles and overflows (ERANGE, ±HUGE_VAL) and underflows
 * (ERANGE), exact results (sqrt of squares, pow of small integers, log2/log10 of powers), and
 * printf's %a. The same source built with the host's glibc and libm prints the same lines
 * (test/user/libc-glibc.test.ts); the accuracy of inexact results is test/user/libm.test.ts's. */
#include "cf.h"
#include <math.h>

static const char *en(int e) { return e == 0 ? "0" : e == EDOM ? "EDOM" : e == ERANGE ? "ERANGE" : "other"; }
/* NaNs print without sign: their sign is not specified */
static void show(const char *what, double v, int e) {
  if (isnan(v)) printf("%s = nan errno=%s\n", what, en(e));
  else printf("%s = %a errno=%s\n", what, v, en(e));
}
#define T1(f, x) do { errno = 0; double v_ = f(x); show(#f "(" #x ")", v_, errno); } while (0)
#define T2(f, x, y) do { errno = 0; double v_ = f(x, y); show(#f "(" #x ", " #y ")", v_, errno); } while (0)

static int nan_ok(void) { return isnan(nan("")) && isnan(nanf("")); }

int main(void) {
  volatile double inf = INFINITY, nan = NAN, z = 0.0, nz = -0.0, big = 1e308, tiny = 0x1p-1074;
  T1(sqrt, 4.0); T1(sqrt, 2.0); T1(sqrt, nz); T1(sqrt, -1.0); T1(sqrt, inf); T1(sqrt, -inf); T1(sqrt, nan);
  T1(sqrt, tiny); T1(sqrt, big); T1(sqrt, 0x1.fffffffffffffp+1023); T1(sqrt, 1e-310);
  T1(exp, 0.0); T1(exp, 1.0); T1(exp, inf); T1(exp, -inf); T1(exp, nan); T1(exp, 710.0); T1(exp, -746.0); T1(exp, -740.0);
  T1(exp2, 10.0); T1(exp2, -1074.0); T1(exp2, 1024.0); T1(exp2, 0.5);
  T1(expm1, nz); T1(expm1, inf); T1(expm1, -inf); T1(expm1, 1e-300); T1(expm1, 800.0);
  T1(log, 1.0); T1(log, z); T1(log, nz); T1(log, -1.0); T1(log, inf); T1(log, -inf); T1(log, nan); T1(log, tiny); T1(log, big);
  T1(log2, 1024.0); T1(log2, 0x1p-1074); T1(log2, 0.0); T1(log2, -2.0); T1(log2, 3.0);
  T1(log10, 1000.0); T1(log10, 1e-300); T1(log10, 1e22); T1(log10, 0.0); T1(log10, -0.5); T1(log10, 1e23);
  T1(log1p, nz); T1(log1p, -1.0); T1(log1p, -2.0); T1(log1p, inf); T1(log1p, 1e-300);
  T2(pow, 2.0, 10.0); T2(pow, 3.0, 3.0); T2(pow, -2.0, 3.0); T2(pow, -2.0, 0.5); T2(pow, 10.0, -2.0); T2(pow, 4.0, 0.5);
  T2(pow, nan, 0.0); T2(pow, 1.0, nan); T2(pow, z, -1.0); T2(pow, nz, -1.0); T2(pow, nz, -2.0); T2(pow, nz, 3.0);
  T2(pow, nz, -inf); T2(pow, -1.0, inf); T2(pow, 0.5, -inf); T2(pow, 2.0, -inf); T2(pow, 0.5, inf); T2(pow, 2.0, inf);
  T2(pow, -inf, -3.0); T2(pow, -inf, -2.0); T2(pow, -inf, 3.0); T2(pow, -inf, 2.5); T2(pow, inf, -1.0); T2(pow, inf, 0.5);
  T2(pow, 10.0, 400.0); T2(pow, -10.0, 401.0); T2(pow, 10.0, -400.0); T2(pow, 2.0, -1074.0); T2(pow, 2.0, -1075.0);
  T2(pow, nan, 1.0); T2(pow, -8.0, 1.0 / 3); T2(pow, big, 2.0); T2(pow, -1.0, 0x1p60);
  T1(sin, nz); T1(sin, inf); T1(sin, nan); T1(sin, tiny); T1(cos, z); T1(cos, -inf); T1(tan, nz); T1(tan, inf);
  T1(asin, 1.0); T1(asin, -1.0); T1(asin, nz); T1(asin, 1.5); T1(acos, 1.0); T1(acos, -1.0); T1(acos, 2.0); T1(acos, 0.0);
  T1(atan, nz); T1(atan, inf); T1(atan, -inf); T1(atan, nan); T1(atan, 1.0);
  T2(atan2, z, z); T2(atan2, nz, z); T2(atan2, z, nz); T2(atan2, nz, nz); T2(atan2, z, -1.0); T2(atan2, nz, -1.0);
  T2(atan2, 1.0, z); T2(atan2, -1.0, nz); T2(atan2, 1.0, -inf); T2(atan2, -1.0, inf); T2(atan2, inf, 1.0);
  T2(atan2, inf, -inf); T2(atan2, -inf, inf); T2(atan2, -inf, -inf); T2(atan2, 1.0, 1.0); T2(atan2, nan, 1.0);
  T1(sinh, nz); T1(sinh, inf); T1(sinh, -inf); T1(sinh, 711.0); T1(sinh, -711.0); T1(sinh, 1e-300);
  T1(cosh, nz); T1(cosh, -inf); T1(cosh, 711.0); T1(cosh, 700.0);
  T1(tanh, nz); T1(tanh, inf); T1(tanh, -inf); T1(tanh, 30.0); T1(tanh, 1e-300);
  T1(cbrt, -8.0); T1(cbrt, nz); T1(cbrt, -inf); T1(cbrt, inf);
  T2(hypot, 3.0, 4.0); T2(hypot, inf, nan); T2(hypot, nan, -inf); T2(hypot, nan, 1.0); T2(hypot, big, big); T2(hypot, nz, nz);
  T2(hypot, tiny, tiny);
  T2(fmin, nan, 1.0); T2(fmin, 1.0, nan); T2(fmax, -1.0, nan); T2(fmin, 2.0, -3.0); T2(fmax, 2.0, -3.0);
  T2(fdim, 5.0, 3.0); T2(fdim, 3.0, 5.0); T2(fdim, nan, 1.0); T2(fdim, big, -big);
  T2(copysign, 1.0, nz); T2(copysign, -2.0, 3.0); T2(copysign, inf, -1.0);
  T2(nextafter, 1.0, 2.0); T2(nextafter, 1.0, 0.0); T2(nextafter, z, -1.0); T2(nextafter, 0x1p-1022, 0.0);
  T2(nextafter, 0x1.fffffffffffffp+1023, inf); T2(nextafter, 2.0, 2.0); T2(nextafter, nan, 1.0);
  T2(remainder, 5.0, 2.0); T2(remainder, 7.0, 2.0); T2(remainder, -5.0, 2.0); T2(remainder, 5.5, 2.0); T2(remainder, 1.0, 0.0);
  T2(remainder, inf, 2.0); T2(remainder, 3.0, inf); T2(remainder, 1e308, 3.0); T2(remainder, -4.0, 2.0); T2(remainder, 0x1p-1074, 0x1p-1073);
  printf("fma: %a %a %a %a %a\n", fma(0.1, 10.0, -1.0), fma(1.0 + 0x1p-52, 1.0 - 0x1p-53, -1.0), fma(2.0, 3.0, -6.0), fma(-0.0, 1.0, 0.0),
         fma(0x1p-1074, 0.5, 0.0));
  printf("fmaf: %a %a\n", (double)fmaf(0.1f, 10.0f, -1.0f), (double)fmaf(1e30f, 1e30f, 1.0f));
  T2(fmod, 5.5, 2.0); T2(fmod, -5.5, 2.0); T2(fmod, 1.0, 0.0); T2(fmod, inf, 1.0); T2(fmod, 1.0, inf);
  T1(asinh, nz); T1(asinh, -inf); T1(asinh, 1.0); T1(acosh, 1.0); T1(acosh, 0.5); T1(acosh, inf); T1(atanh, nz); T1(atanh, 1.0);
  T1(atanh, -1.0); T1(atanh, 2.0); T1(logb, 8.0); T1(logb, 0x1p-1074); T1(logb, z); T1(logb, -inf);
  T1(erf, nz); T1(erf, inf); T1(erf, -inf); T1(erf, nan); T1(erfc, inf); T1(erfc, -inf); T1(erfc, 0.0); T1(erfc, 30.0);
  T1(lgamma, 1.0); T1(lgamma, 2.0); T1(lgamma, z); T1(lgamma, -1.0); T1(lgamma, inf); T1(lgamma, -inf); T1(lgamma, nan);
  T1(tgamma, 5.0); T1(tgamma, 10.0); T1(tgamma, z); T1(tgamma, nz); T1(tgamma, -1.0); T1(tgamma, 172.0); T1(tgamma, -inf); T1(tgamma, inf);
  T1(tgamma, -1000.5);
  {
    lgamma(-0.5);
    int s1 = signgam;
    lgamma(-1.5);
    int s2 = signgam;
    lgamma(nz);
    printf("signgam: %d %d %d\n", s1, s2, signgam);
  }
  T2(scalbn, 1.0, 1023); T2(scalbn, 3.0, -1075);
  {
    int q = 99;
    errno = 0;
    double v = remquo(29.0, 3.0, &q);
    printf("remquo(29, 3) = %a quo %d\n", v, q);
    v = remquo(-29.0, 3.0, &q);
    printf("remquo(-29, 3) = %a quo %d\n", v, q);
    v = remquo(7.5, -2.5, &q);
    printf("remquo(7.5, -2.5) = %a quo %d\n", v, q);
    errno = 0;
    int i0 = ilogb(0.0), e0 = errno;
    printf("ilogb: %d %d %d zero %d errno=%s nan %d inf %d\n", ilogb(1.0), ilogb(0x1p-1074), ilogb(-1e300), i0, en(e0), ilogb(nan), ilogb(inf));
    printf("nan(\"\") and nanf(\"\") are NaNs: %d\n", nan_ok());
  }
  T1(rint, 2.5); T1(rint, 3.5); T1(rint, -2.5); T1(rint, -0.4); T1(rint, 0x1p52 + 1); T1(nearbyint, 0.5); T1(nearbyint, 1.5);
  printf("lrint %ld %ld %ld lround %ld %ld %ld llrint %lld llround %lld\n", lrint(2.5), lrint(-3.5), lrint(1e9 + 0.5), lround(2.5), lround(-2.5),
         lround(0.49999999999999994), llrint(1e15 + 0.5), llround(-1e15 - 0.5));
  printf("floats: %a %a %a %a %a %a %a\n", (double)sqrtf(2.0f), (double)powf(2.0f, 0.5f), (double)nextafterf(1.0f, 2.0f),
         (double)fmaxf(1.0f, 2.0f), (double)roundf(-2.5f), (double)rintf(2.5f), (double)copysignf(1.0f, -0.0f));
  errno = 0;
  float ef = expf(100.0f);
  printf("expf(100) = %a errno=%s\n", (double)ef, en(errno));
  printf("classify: %d %d %d %d %d %d %d\n", fpclassify(inf), fpclassify(nan), fpclassify(z), fpclassify(tiny), fpclassify(1.0),
         isnormal(1.0), isunordered(nan, 1.0));
  /* %a: exact, so the same on every correct C library */
  double v[] = {0, -0.0, 1, 1.5, 0.1, -3.75, 1e300, 0x1p-1074, 0x1p-1022, 0x0.fffffffffffffp-1022, 0x1.fffffffffffffp+0, 255.5, 1.03125};
  const char *fm[] = {"%a", "%A", "%.0a", "%.1a", "%.3a", "%#.0a", "%+a", "% a", "%20a", "%-20a|", "%020a", "%+020.2a", "%.20a", "%#a"};
  for (unsigned j = 0; j < sizeof fm / sizeof *fm; j++) {
    printf("[%s]", fm[j]);
    for (unsigned i = 0; i < sizeof v / sizeof *v; i++) { printf(" "); printf(fm[j], v[i]); }
    printf("\n");
  }
  printf("%a %A %5a %-6A|\n", (double)inf, (double)-inf, (double)nan, (double)inf);
  CHECK("cbrt of a cube is exact (glibc's is an ulp off)", cbrt(27.0) == 3.0 && cbrt(0x1p-1074) == 0x1p-358);
  CHECK("sqrt of a square is exact", sqrt(1e10 * 1e10) == 1e10 && sqrt(0x1p-1074 * 0x1p52) == 0x1p-511);
  CHECK("pow of small integers is exact", pow(3, 20) == 3486784401.0 && pow(-2, 11) == -2048 && pow(10, 22) == 1e22);
  CHECK("exp(log(x)) is close", fabs(exp(log(12345.678)) - 12345.678) < 1e-11);
  CHECK("sin^2 + cos^2 = 1", fabs(sin(0.7) * sin(0.7) + cos(0.7) * cos(0.7) - 1) < 1e-15);
  CHECK("sin(pi) is the double pi's offset", fabs(sin(M_PI) - 1.2246467991473532e-16) < 1e-31);
  CHECK("reduction of a huge argument", sin(1e22) == -0x1.b453ab76bf397p-1);
  return 0;
}
