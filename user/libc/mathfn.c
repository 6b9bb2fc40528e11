/* mathfn.c — the exact math.h functions, on the bits of the double (the soft-float runtime does
 * the arithmetic). sqrt and the transcendental functions are in m_*.c. */
#include <math.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <assert.h>
#include <sys/resource.h>
#include <syscall.h>
#include <errno.h>

typedef unsigned long long u64;
static u64 bits(double d) { u64 u; memcpy(&u, &d, 8); return u; }
static double dbl(u64 u) { double d; memcpy(&d, &u, 8); return d; }

double fabs(double x) { return dbl(bits(x) & ~(1ULL << 63)); }
float fabsf(float x) { return (float)fabs(x); }
double trunc(double x) {
  u64 u = bits(x);
  int e = (int)((u >> 52) & 0x7ff) - 1023;
  if (e >= 52) return x;
  if (e < 0) return dbl(u & (1ULL << 63));
  return dbl(u & ~((1ULL << (52 - e)) - 1));
}
double floor(double x) {
  double t = trunc(x);
  return t > x ? t - 1.0 : t;
}
double ceil(double x) {
  double t = trunc(x);
  return t < x ? t + 1.0 : t;
}
double round(double x) {
  double t = trunc(x);
  double f = x - t;
  if (f >= 0.5) return t + 1.0;
  if (f <= -0.5) return t - 1.0;
  return t;
}
double modf(double x, double *ip) {
  double t = trunc(x);
  *ip = t;
  double f = isinf(x) ? 0.0 : x - t;
  return dbl(bits(f) | (bits(x) & (1ULL << 63))); /* the fraction has x's sign, −0 included */
}
double frexp(double x, int *e) {
  u64 u = bits(x);
  int ex = (int)((u >> 52) & 0x7ff);
  *e = 0;
  if (x == 0.0 || ex == 0x7ff) return x;
  if (ex == 0) { x *= 18014398509481984.0; u = bits(x); ex = (int)((u >> 52) & 0x7ff); *e = -54; }
  *e += ex - 1022;
  return dbl((u & ~(0x7ffULL << 52)) | (1022ULL << 52));
}
double ldexp(double x, int e) {
  while (e > 1000) { x *= 0x1p1000; e -= 1000; }
  while (e < -1000) { x *= 0x1p-1000; e += 1000; }
  return x * dbl((u64)(e + 1023) << 52);
}
double fmod(double x, double y) {
  if (isnan(x) || isnan(y)) return x + y;
  if (isinf(x) || y == 0.0) { errno = EDOM; return NAN; }
  if (isinf(y) || fabs(x) < fabs(y)) return x;
  double ay = fabs(y), r = fabs(x);
  while (r >= ay) {
    int ex, ey;
    frexp(r, &ex);
    frexp(ay, &ey);
    double s = ldexp(ay, ex - ey);
    if (s > r) s = ldexp(ay, ex - ey - 1);
    r -= s; /* exact: s and r are within a factor of 2 */
  }
  return signbit(x) ? -r : r;
}
int strcasecmp(const char *a, const char *b) {
  for (;; a++, b++) {
    int x = tolower((unsigned char)*a), y = tolower((unsigned char)*b);
    if (x != y || !x) return x - y;
  }
}
int strncasecmp(const char *a, const char *b, size_t n) {
  for (; n; n--, a++, b++) {
    int x = tolower((unsigned char)*a), y = tolower((unsigned char)*b);
    if (x != y || !x) return x - y;
  }
  return 0;
}
void bzero(void *p, size_t n) { memset(p, 0, n); }
int ffs(int x) { return x ? __builtin_ctz((unsigned)x) + 1 : 0; }

void __assert_fail(const char *expr, const char *file, unsigned line, const char *func) {
  fprintf(stderr, "%s:%u: %s: Assertion `%s' failed.\n", file, line, func, expr);
  abort();
}

int getpriority(int which, id_t who) {
  long r = __syscall2(141, which, who);
  return r < 0 ? (int)__syscall_ret(r) : 20 - (int)r;
}
int setpriority(int which, id_t who, int prio) { return (int)__syscall_ret(__syscall3(140, which, who, prio)); }
int getrlimit(int res, struct rlimit *r) { return (int)__syscall_ret(__syscall4(261, 0, res, 0, r)); }
int setrlimit(int res, const struct rlimit *r) { return (int)__syscall_ret(__syscall4(261, 0, res, r, 0)); }
int getrusage(int who, struct rusage *u) { return (int)__syscall_ret(__syscall2(165, who, u)); }
