/* cf_float.c — double and float arithmetic through the soft-float runtime and printf %f %e %g,
 * compared digit for digit with Linux (glibc). */
#include "cf.h"
#include <stdlib.h>
#include <string.h>
int main(void) {
  volatile double a = 0.1, b = 0.2, c = 3.0, z = 0.0;
  printf("%f %f %.17g %g\n", a + b, a * c, a + b, a / c);
  printf("%e %E %.3e %g %g %g %G\n", 123456.789, 0.000123, 9.9995, 1e-5, 123456789.0, 100000.0, 1e300 * 10);
  printf("%.0f %.0f %.0f %.1f %.2f %10.3f|%-10.2f|%+f %08.2f\n", 0.5, 1.5, 2.5, 0.25, 1.005, 3.14159, 2.5, 1.0, -3.5);
  printf("%f %f %g\n", 1.0/z, -1.0/z, -0.0);
  printf("%.20f\n%f\n%g %g\n", 1.0/3, 1e20, 4.9e-324, 2.2250738585072014e-308);
  printf("%d %u %d %lld\n", (int)(a*100), (unsigned)(c*1e9), (int)-2.7, (long long)(c*1e15));
  double s = 0; for (int i = 1; i <= 100; i++) s += 1.0 / i;
  printf("%.15f\n", s);
  float f = 1.1f, g = 3.3f;
  printf("%f %f %f %d %d\n", (double)(f * g), (double)(f / g), (double)(f - g), f < g, a == b);
  printf("%g %g %f\n", strtod("1.5e3", 0), atof("-0.125"), (double)(float)16777217);
  long long big = 9007199254740993LL; printf("%.1f %g\n", (double)big, (double)(unsigned)4000000000u);
  printf("%#g %#.0f %g %g\n", 1.0, 2.0, 0.0001, 123456.0);
  CHECK("0.1 + 0.2 is not 0.3, 0.5 + 0.25 is 0.75", a + b != 0.3 && 0.5 + (volatile double)0.25 == 0.75);
  CHECK("int conversions truncate toward zero", (int)(volatile double)2.7 == 2 && (int)(volatile double)-2.7 == -2);
  CHECK("float rounds 16777217 to 16777216", (float)(volatile int)16777217 == 16777216.0f);
  return 0;
}
